import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { PersistenceHealth } from '../../service_layer/persistence-health.port';
import { nativeDatabase } from './mongo-document-session';

/** Ready means the server answers now, not merely that the driver once connected. */
@Injectable()
export class MongoPersistenceHealth implements PersistenceHealth {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async isHealthy(): Promise<boolean> {
    try {
      await nativeDatabase(this.connection).admin().ping();
      return true;
    } catch {
      return false;
    }
  }
}
