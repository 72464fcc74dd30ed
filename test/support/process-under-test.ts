import type { Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { CLOCK } from '@keepem/shared/service_layer';
import type { ManualClock } from '@keepem/shared/testing';
import { assetsConfig } from '../../libs/assets/src/assets.config';
import { usersConfig } from '../../libs/users/src/users.config';
import { takingTurnsOnTheWireLane } from './wire-lane-serialization';

/** What every process of one test service shares: its settings (so the database and the mail folder) and its clock. */
export interface ProcessSettings {
  variables: Record<string, string | undefined>;
  config: KernelConfig;
  clock: ManualClock;
}

/** One of the service's processes (the API's or the worker's module), built with the test's settings and clock. */
export function processUnderTest(module: Type<unknown>, { variables, config, clock }: ProcessSettings): TestingModuleBuilder {
  return takingTurnsOnTheWireLane(Test.createTestingModule({ imports: [module] }))
    .overrideProvider(kernelConfig.KEY)
    .useValue(config)
    .overrideProvider(usersConfig.KEY)
    .useValue(usersConfig(variables))
    .overrideProvider(assetsConfig.KEY)
    .useValue(assetsConfig(variables))
    .overrideProvider(CLOCK)
    .useValue(clock);
}
