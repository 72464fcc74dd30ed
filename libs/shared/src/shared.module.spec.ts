import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryPersistenceModule } from './adapters/memory/memory-persistence.module';
import { MongoPersistenceModule } from './adapters/mongo/mongo-persistence.module';
import { SharedModule } from './shared.module';

const DRIVER_VARIABLES = ['MONGODB_URL', 'KAFKA_BROKERS'] as const;
const saved = Object.fromEntries(DRIVER_VARIABLES.map((name) => [name, process.env[name]]));

/**
 * Only the module's composition is looked at: nothing is compiled, so nothing connects. The
 * variables are always set, if only to "" (unset), so that a developer's .env.dev cannot win over them.
 */
function persistenceModuleWith(mongodbUrl: string, kafkaBrokers = ''): unknown {
  process.env.MONGODB_URL = mongodbUrl;
  process.env.KAFKA_BROKERS = kafkaBrokers;
  const imports = SharedModule.forRoot().imports ?? [];
  return imports.find((module) => module === MemoryPersistenceModule || module === MongoPersistenceModule);
}

describe('SharedModule.forRoot', () => {
  afterEach(() => {
    for (const name of DRIVER_VARIABLES) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  it('runs on the embedded persistence without MONGODB_URL', () => {
    expect(persistenceModuleWith('')).toBe(MemoryPersistenceModule);
  });

  it('chooses MongoDB from a valid MONGODB_URL', () => {
    expect(persistenceModuleWith('mongodb://db:27017/keepem?replicaSet=rs0')).toBe(MongoPersistenceModule);
  });

  it('refuses KAFKA_BROKERS without MONGODB_URL at start-up, naming the missing variable', () => {
    expect(() => persistenceModuleWith('', 'localhost:29092')).toThrow(
      /^Invalid configuration:\n {2}MONGODB_URL: required when KAFKA_BROKERS is set/,
    );
    expect(persistenceModuleWith('mongodb://db:27017/keepem?replicaSet=rs0', 'localhost:29092')).toBe(MongoPersistenceModule);
  });

  it('refuses a wrong MONGODB_URL rather than choosing a driver from it, naming the variable', () => {
    expect(() => persistenceModuleWith('http://db:27017')).toThrow(/^Invalid configuration:\n {2}MONGODB_URL: /);
  });
});
