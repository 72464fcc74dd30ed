import type { INestApplicationContext } from '@nestjs/common';

/** One operator command of `npm run cli -- <name>`: it runs in a Nest application context and prints what it did. */
export interface CliCommand {
  summary: string;
  run(app: INestApplicationContext, print: (line: string) => void): Promise<void>;
}
