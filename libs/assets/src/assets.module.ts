import { Module } from '@nestjs/common';

/** The assets context's module. Both apps import it, so what the context provides runs in them without either changing. */
@Module({})
export class AssetsModule {}
