import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { kernelConfig } from '@keepem/shared';
import { ASSETS_CLI_COMMANDS } from '@keepem/assets/cli';
import { CliModule } from './cli.module';

const COMMANDS = { ...ASSETS_CLI_COMMANDS };

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(14)} ${command.summary}`);
  return ['Usage: npm run cli -- <command>', '', 'Commands:', ...lines].join('\n');
}

/** `npm run cli -- <command>`: an operator's one-off work on the stored data, beside the running API and worker. */
async function main(args: string[]): Promise<number> {
  const command = COMMANDS[args[0] as keyof typeof COMMANDS];
  if (!command || args.length !== 1) {
    console.error(usage());
    return 2;
  }
  // Importing CliModule has loaded .env.<ENVIRONMENT>, so the file's MONGODB_URL counts. The
  // embedded driver keeps its data inside the API process, where no other process can reach it.
  if (kernelConfig().persistence.driver !== 'mongo') {
    console.error(`${args[0]} works on the stored data: set MONGODB_URL (the embedded default keeps it inside the API process)`);
    return 1;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    await command.run(app, (line) => console.log(line));
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
