import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MESSAGE_BROKER, type MessageBroker } from '../../service_layer/message-broker.port';
import { PERSISTENCE_HEALTH, type PersistenceHealth } from '../../service_layer/persistence-health.port';
import { ReadinessChecks } from '../../service_layer/readiness-checks';

/** Liveness says the process answers; readiness says it can do its work (load balancers use it). */
@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PERSISTENCE_HEALTH) private readonly persistence: PersistenceHealth,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly contexts: ReadinessChecks,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness' })
  @ApiOkResponse({ description: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: persistence, broker and file storage reachable' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `detail` names each one, e.g. `Not ready: storage is down`' })
  async ready() {
    const contexts = this.contexts.entries().map(
      ([name, check]) =>
        () =>
          this.probe(name, () => check.isHealthy()),
    );
    try {
      return await this.health.check([
        () => this.probe('persistence', () => this.persistence.isHealthy()),
        () => this.probe('broker', () => this.broker.isHealthy()),
        ...contexts,
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const down = Object.keys((error.getResponse() as Partial<HealthCheckResult>).error ?? {});
        throw new ServiceUnavailableException(`Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down`);
      }
      throw error;
    }
  }

  private async probe(key: string, isHealthy: () => Promise<boolean>) {
    const indicator = this.indicators.check(key);
    try {
      return (await isHealthy()) ? indicator.up() : indicator.down({ message: `${key} is not reachable` });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
