import { Injectable } from '@nestjs/common';
import { PersistenceHealth } from '../../service_layer/persistence-health.port';

/** The embedded store lives in this process: if the process answers, so does the store. */
@Injectable()
export class MemoryPersistenceHealth implements PersistenceHealth {
  async isHealthy(): Promise<boolean> {
    return true;
  }
}
