import { createValidationPipe } from './validation.pipe';

type Constructor<T> = new () => T;

const pipe = createValidationPipe();

/**
 * Validates a body against a DTO chosen at run time (one route, two content types), with exactly
 * the rules of the global pipe.
 */
export async function validateBody<T extends object>(dto: Constructor<T>, body: unknown): Promise<T> {
  return pipe.transform(body ?? {}, { type: 'body', metatype: dto }) as Promise<T>;
}
