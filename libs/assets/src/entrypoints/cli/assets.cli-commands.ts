import type { CliCommand } from './cli-command';
import { KEYS_REWRAP } from './keys-rewrap.cli-command';

/** The assets context's operator commands, by the name `npm run cli -- <name>` takes. */
export const ASSETS_CLI_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'keys:rewrap': KEYS_REWRAP,
};

export type { CliCommand };
