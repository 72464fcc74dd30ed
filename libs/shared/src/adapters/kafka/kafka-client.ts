import { Logger } from '@nestjs/common';
import { type Admin, Kafka, type KafkaConfig, type logCreator, logLevel, type Producer, type ProducerConfig } from 'kafkajs';
import type { BrokerSettings, KernelConfig } from '../config/kernel.config';

/**
 * What the adapters use of a kafkajs client: a producer and an admin. `Kafka` is one; a test gives
 * a fake of these few methods instead of a cluster.
 */
export interface KafkaClient {
  producer(config?: ProducerConfig): KafkaProducer;
  admin(): KafkaAdmin;
}

export type KafkaProducer = Pick<Producer, 'connect' | 'disconnect' | 'send'>;
export type KafkaAdmin = Pick<Admin, 'connect' | 'disconnect' | 'describeCluster' | 'listTopics' | 'createTopics'>;

/** kafkajs formats only the lines the process would log anyway, at its LOG_LEVEL. */
const KAFKAJS_LEVELS: Record<string, logLevel> = {
  silent: logLevel.NOTHING,
  fatal: logLevel.ERROR,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
  trace: logLevel.DEBUG,
};

/**
 * kafkajs's warning for an idempotent producer with a bounded number of retries. The broker adapter
 * bounds them on purpose, so that a publish to a broker that is down ends; it starts a new producer
 * (a new producer id) after any failed send, which keeps what the warning is about: see
 * docs/kafka.md, "Producing".
 */
const EXPECTED_WARNINGS = [/^Limiting retries for the idempotent producer/];

/** kafkajs's log lines, through Nest's logger (pino in the apps), under the `Kafka` context. */
export function kafkaLogCreator(logger: Pick<Logger, 'error' | 'warn' | 'log' | 'debug'> = new Logger('Kafka')): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _source, ...details } = log;
      const line = `${namespace ? `${namespace}: ` : ''}${message}${Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : ''}`;
      if (level === logLevel.ERROR) {
        logger.error(line);
      } else if (level === logLevel.WARN && !EXPECTED_WARNINGS.some((expected) => expected.test(message))) {
        logger.warn(line);
      } else if (level === logLevel.INFO) {
        logger.log(line);
      } else {
        logger.debug(line);
      }
    };
}

/** How kafkajs logs in a process that logs at `processLogLevel`: at that level, through Nest's logger. */
export function kafkaLogging(processLogLevel: string): Pick<KafkaConfig, 'logLevel' | 'logCreator'> {
  return { logLevel: KAFKAJS_LEVELS[processLogLevel] ?? logLevel.INFO, logCreator: kafkaLogCreator() };
}

/** The client settings every Kafka client of the process shares: the producer's and admin's here, the consumers' in the worker. */
export function kafkaClientConfig(settings: BrokerSettings, processLogLevel: string): KafkaConfig {
  return { clientId: settings.clientId, brokers: settings.kafkaBrokers, ...kafkaLogging(processLogLevel) };
}

/**
 * The broker adapter's client (its producer and admin). Its retries are fewer and shorter than
 * kafkajs's defaults, so a broker that is down is reported quickly: whoever asked retries anyway
 * (the relay at its next pass, the readiness probe at its next probe), and no retry loop outlives a
 * shutdown. The producer gets a few more retries for its sends (SEND_RETRIES in
 * kafka-message-broker.ts). Figures: docs/kafka.md, "Readiness".
 */
export function createKafkaClient(config: Pick<KernelConfig, 'broker' | 'logLevel'>): Kafka {
  return new Kafka({ ...kafkaClientConfig(config.broker, config.logLevel), retry: { retries: 3, initialRetryTime: 100 } });
}
