/** Where the benchmark finds the project and the API it builds: one place, so no module works it out again. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_API_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
