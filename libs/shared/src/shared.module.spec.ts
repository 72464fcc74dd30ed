import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryPersistenceModule } from './adapters/memory/memory-persistence.module';
import { MongoPersistenceModule } from './adapters/mongo/mongo-persistence.module';
import { SharedModule } from './shared.module';

const saved = process.env.MONGODB_URL;

/**
 * Only the module's composition is looked at: nothing is compiled, so nothing connects. The
 * variable is always set, if only to "" (unset), so that a developer's .env.dev cannot win over it.
 */
function persistenceModuleWith(mongodbUrl: string): unknown {
  process.env.MONGODB_URL = mongodbUrl;
  const imports = SharedModule.forRoot().imports ?? [];
  return imports.find((module) => module === MemoryPersistenceModule || module === MongoPersistenceModule);
}

describe('SharedModule.forRoot', () => {
  afterEach(() => {
    if (saved === undefined) {
      delete process.env.MONGODB_URL;
    } else {
      process.env.MONGODB_URL = saved;
    }
  });

  it('runs on the embedded persistence without MONGODB_URL', () => {
    expect(persistenceModuleWith('')).toBe(MemoryPersistenceModule);
  });

  it('chooses MongoDB from a valid MONGODB_URL', () => {
    expect(persistenceModuleWith('mongodb://db:27017/keepem?replicaSet=rs0')).toBe(MongoPersistenceModule);
  });

  it('refuses a wrong MONGODB_URL rather than choosing a driver from it, naming the variable', () => {
    expect(() => persistenceModuleWith('http://db:27017')).toThrow(/^Invalid configuration:\n {2}MONGODB_URL: /);
  });
});
