import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CqrsModule } from '@nestjs/cqrs';
import { MessageBrokerModule } from './adapters/broker/message-broker.module';
import { SystemClock } from './adapters/clock/system-clock';
import { KernelConfig, kernelConfig, MAX_RETRY_DELAY_MS } from './adapters/config/kernel.config';
import { createMailer } from './adapters/mail/mailer.factory';
import { MemoryPersistenceModule } from './adapters/memory/memory-persistence.module';
import { MongoPersistenceModule } from './adapters/mongo/mongo-persistence.module';
import { RepositoryRegistry } from './adapters/persistence/repository-registry';
import { MessageMetadataFactory } from './service_layer/message-metadata.factory';
import { MessagingShutdown } from './service_layer/messaging-shutdown';
import { CLOCK } from './service_layer/clock.port';
import { MAILER } from './service_layer/mailer.port';
import { OUTBOX_RELAY_OPTIONS, OutboxRelay, OutboxRelayOptions } from './service_layer/outbox-relay';
import { OutboxSignal } from './service_layer/outbox-signal';
import { PublishedEvents } from './service_layer/published-events';
import { ReadinessChecks } from './service_layer/readiness-checks';
import { LEASE_SETTINGS, LeaseSettings } from './service_layer/lease';
import { OnceEffectRunner } from './service_layer/once-effect.runner';
import { OUTBOX_ADMIN_HANDLERS } from './service_layer/outbox-admin/outbox-admin.handlers';
import { DEAD_LETTERS_ADMIN_HANDLERS } from './service_layer/dead-letters-admin/dead-letters-admin.handlers';

const DAY_MS = 24 * 60 * 60_000;

/** A claim is renewed four times per lease: two renewals in a row may fail and the third still comes in time. */
function leaseSettings(config: KernelConfig): LeaseSettings {
  return { leaseMs: config.outbox.leaseMs, renewEveryMs: Math.floor(config.outbox.leaseMs / 4) };
}

function relayOptions(config: KernelConfig): OutboxRelayOptions {
  return {
    ...leaseSettings(config),
    pollIntervalMs: config.outbox.pollIntervalMs,
    retryBaseMs: config.outbox.retryBaseMs,
    maxRetryDelayMs: MAX_RETRY_DELAY_MS,
    maxAttempts: config.outbox.maxAttempts,
    retentionMs: config.outbox.retentionDays * DAY_MS,
    purgeEveryMs: 60 * 60_000,
  };
}

/**
 * Everything the persistence drivers need, global so that either driver module can inject it, and
 * the registry where contexts add their readiness checks.
 */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useClass: SystemClock },
    RepositoryRegistry,
    PublishedEvents,
    OutboxSignal,
    MessageMetadataFactory,
    ReadinessChecks,
    MessagingShutdown,
  ],
  exports: [CLOCK, RepositoryRegistry, PublishedEvents, OutboxSignal, MessageMetadataFactory, ReadinessChecks, MessagingShutdown],
})
class SharedKernelModule {}

/**
 * The shared kernel's adapters, chosen by configuration, one driver behind each port: MongoDB when
 * MONGODB_URL is set, SMTP when EMAIL_SMTP_SERVER is set, otherwise the embedded defaults.
 */
@Global()
@Module({})
export class SharedModule {
  static forRoot(): DynamicModule {
    const environment = process.env.ENVIRONMENT ?? 'dev';
    // ConfigModule loads .env.<ENVIRONMENT> into process.env (real variables win) as it is called,
    // before the settings are read below, so the file can choose the drivers too.
    const configuration = ConfigModule.forRoot({ envFilePath: `.env.${environment}`, isGlobal: true });
    // Read once, now, as the application is put together: a wrong setting stops it here, and the
    // same settings choose the modules and are given to every module under kernelConfig.KEY.
    const settings = kernelConfig();
    const persistence = settings.persistence.driver === 'mongo' ? MongoPersistenceModule : MemoryPersistenceModule;
    return {
      module: SharedModule,
      imports: [configuration, CqrsModule.forRoot(), SharedKernelModule, persistence, MessageBrokerModule],
      providers: [
        { provide: kernelConfig.KEY, useValue: settings },
        { provide: MAILER, inject: [kernelConfig.KEY], useFactory: (config: KernelConfig) => createMailer(config.mail) },
        { provide: LEASE_SETTINGS, inject: [kernelConfig.KEY], useFactory: leaseSettings },
        { provide: OUTBOX_RELAY_OPTIONS, inject: [kernelConfig.KEY], useFactory: relayOptions },
        OutboxRelay,
        OnceEffectRunner,
        ...OUTBOX_ADMIN_HANDLERS,
        ...DEAD_LETTERS_ADMIN_HANDLERS,
      ],
      exports: [
        kernelConfig.KEY,
        CqrsModule,
        SharedKernelModule,
        persistence,
        MessageBrokerModule,
        MAILER,
        LEASE_SETTINGS,
        OutboxRelay,
        OnceEffectRunner,
      ],
    };
  }
}
