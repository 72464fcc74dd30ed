import { Module } from '@nestjs/common';

/** The assets context; its aggregates arrive with the assets issues. */
@Module({})
export class AssetsModule {}
