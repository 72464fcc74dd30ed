import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { payloadSchemasFileOf, publishingContexts, renderPayloadSchemasFile } from './payload-schemas';

/**
 * `npm run contracts:schemas`: writes each context's `<context>.payload-schemas.ts` from its
 * contracts' payload types. With `--check`, writes nothing and fails when a file is out of date.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const context of publishingContexts()) {
    const file = payloadSchemasFileOf(context);
    const text = await renderPayloadSchemasFile(context);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current === text) {
      console.log(`${relative(process.cwd(), file)} is up to date`);
    } else if (check) {
      stale.push(relative(process.cwd(), file));
    } else {
      await writeFile(file, text);
      console.log(`wrote ${relative(process.cwd(), file)}`);
    }
  }
  if (stale.length > 0) {
    console.error(`out of date (run npm run contracts:schemas): ${stale.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
