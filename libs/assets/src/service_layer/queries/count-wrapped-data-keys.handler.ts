import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DATA_KEYS, type DataKeys } from '../ports/data-keys.port';
import { WRAPPED_DATA_KEYS_VIEW, type WrappedDataKeysView } from '../ports/wrapped-data-keys.view.port';
import { CountWrappedDataKeys, type WrappedDataKeyCount } from './count-wrapped-data-keys.query';

@QueryHandler(CountWrappedDataKeys)
export class CountWrappedDataKeysHandler implements IQueryHandler<CountWrappedDataKeys, WrappedDataKeyCount[]> {
  constructor(
    @Inject(DATA_KEYS) private readonly dataKeys: DataKeys,
    @Inject(WRAPPED_DATA_KEYS_VIEW) private readonly wrappedDataKeys: WrappedDataKeysView,
  ) {}

  async execute(): Promise<WrappedDataKeyCount[]> {
    const { current, retired } = this.dataKeys.keyIds();
    const counts: WrappedDataKeyCount[] = [];
    for (const keyId of [current, ...retired]) {
      counts.push({ keyId, current: keyId === current, dataKeys: await this.wrappedDataKeys.countWrappedWith(keyId) });
    }
    return counts;
  }
}
