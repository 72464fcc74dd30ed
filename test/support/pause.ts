/** Where a test makes work wait, e.g. at a barrier; it waits for nothing until the test says so. */
export class Pause {
  wait: () => Promise<void> = async () => undefined;
}

/**
 * The repository with `method` made to wait at `pause` after it has read: two units of work that
 * meet there have both read before either commits.
 */
export function pausingAfter<Repository extends object>(repository: Repository, method: keyof Repository, pause: Pause): Repository {
  const read = (repository[method] as (...args: unknown[]) => Promise<unknown>).bind(repository);
  Object.assign(repository, {
    [method]: async (...args: unknown[]) => {
      const found = await read(...args);
      await pause.wait();
      return found;
    },
  });
  return repository;
}
