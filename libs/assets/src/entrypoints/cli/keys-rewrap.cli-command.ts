import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessageMetadataFactory } from '@keepem/shared/service_layer';
import { RewrapDataKeys } from '../../service_layer/commands/rewrap-data-keys.command';
import { CountWrappedDataKeys } from '../../service_layer/queries/count-wrapped-data-keys.query';
import type { CliCommand } from './cli-command';

/** Re-wraps every data key with the current KEK, then says which retired KEKs may be dropped. */
export const KEYS_REWRAP: CliCommand = {
  summary: 're-wrap every data key with the current key-encryption key (the first of DATA_KEY_ENCRYPTION_KEYS)',
  async run(app, print) {
    const metadata = app.get(MessageMetadataFactory);
    const counts = () => app.get(QueryBus).execute(new CountWrappedDataKeys({ metadata: metadata.forSystem() }));
    const before = await counts();
    await app.get(CommandBus).execute(new RewrapDataKeys({ metadata: metadata.forSystem() }));
    const after = await counts();
    const currentBefore = before.find((count) => count.current)!;
    const currentAfter = after.find((count) => count.current)!;
    print(`Re-wrapped ${currentAfter.dataKeys - currentBefore.dataKeys} data keys with the current KEK "${currentAfter.keyId}".`);
    for (const count of after) {
      print(`  ${count.keyId}${count.current ? ' (current)' : ''}: wraps ${count.dataKeys} data keys`);
    }
    const droppable = after.filter((count) => !count.current && count.dataKeys === 0).map(({ keyId }) => keyId);
    if (droppable.length > 0) {
      print(`No data key needs ${droppable.join(', ')} any more: drop it from DATA_KEY_ENCRYPTION_KEYS.`);
    }
  },
};
