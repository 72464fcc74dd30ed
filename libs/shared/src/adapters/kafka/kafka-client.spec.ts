import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';
import { kernelConfig } from '../config/kernel.config';
import { kafkaClientConfig, kafkaLogCreator } from './kafka-client';

function recordingLogger() {
  const lines: Array<[string, string]> = [];
  const record = (level: string) => (message: unknown) => void lines.push([level, String(message)]);
  return { lines, logger: { error: record('error'), warn: record('warn'), log: record('log'), debug: record('debug') } };
}

const entry = (level: logLevel, message: string, details: Record<string, unknown> = {}) => ({
  namespace: 'Connection',
  level,
  label: logLevel[level],
  log: { timestamp: '2030-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...details },
});

describe('the Kafka client', () => {
  it('writes kafkajs’s lines to the Nest logger at their level, with their details and without kafkajs’s own timestamp', () => {
    const { lines, logger } = recordingLogger();
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);

    log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED', { broker: 'localhost:29092' }));
    log(entry(logLevel.WARN, 'Response Metadata timed out'));
    log(entry(logLevel.INFO, 'Starting'));
    log(entry(logLevel.DEBUG, 'Request Produce(key: 0, version: 7)'));

    expect(lines).toEqual([
      ['error', 'Connection: Connection error: connect ECONNREFUSED {"broker":"localhost:29092"}'],
      ['warn', 'Connection: Response Metadata timed out'],
      ['log', 'Connection: Starting'],
      ['debug', 'Connection: Request Produce(key: 0, version: 7)'],
    ]);
  });

  it('keeps the warning about bounded retries of an idempotent producer to debug: the adapter bounds them on purpose', () => {
    const { lines, logger } = recordingLogger();

    kafkaLogCreator(logger)(logLevel.WARN)(
      entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'),
    );

    expect(lines.map(([level]) => level)).toEqual(['debug']);
  });

  it('connects to the configured brokers under the configured client id, logging from the process’s level on', () => {
    const config = kernelConfig({
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      KAFKA_CLIENT_ID: 'keepem-worker',
      MONGODB_URL: 'mongodb://localhost:27017/keepem',
    });

    expect(kafkaClientConfig(config.broker, 'warn')).toMatchObject({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'keepem-worker',
      logLevel: logLevel.WARN,
      logCreator: expect.any(Function),
    });
    expect(kafkaClientConfig(config.broker, 'silent').logLevel).toBe(logLevel.NOTHING);
    expect(kafkaClientConfig(config.broker, 'trace').logLevel).toBe(logLevel.DEBUG);
  });
});
