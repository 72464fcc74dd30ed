import { DynamicModule, Global, Module } from '@nestjs/common';
import { KernelConfig, kernelConfig } from '../../adapters/config/kernel.config';
import { type ProcessName, ProcessRole } from '../../service_layer/process-role';
import { KafkaConsumersRunner } from './kafka-consumers.runner';
import { OutboxRelayRunner } from './outbox-relay.runner';

/**
 * Says which process the application is (each app imports it with its name), and runs the outbox
 * relay where that process relays and the Kafka consumer groups where it consumes: ProcessRole answers from the settings the app was given, so a
 * test that hands the app its own settings gets the roles those settings make.
 */
@Global()
@Module({})
export class MessagingProcessModule {
  static forRoot(name: ProcessName): DynamicModule {
    return {
      module: MessagingProcessModule,
      providers: [
        {
          provide: ProcessRole,
          inject: [kernelConfig.KEY],
          useFactory: (config: KernelConfig) => new ProcessRole(name, config.persistence.driver),
        },
        OutboxRelayRunner,
        KafkaConsumersRunner,
      ],
      exports: [ProcessRole],
    };
  }
}
