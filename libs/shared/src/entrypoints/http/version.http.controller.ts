import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type KernelConfig, kernelConfig } from '../../adapters/config/kernel.config';

/** Read once at start-up: the service runs from its project folder (npm start, the Docker image). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

@ApiTags('health')
@Controller('version')
export class VersionHttpController {
  private readonly version: { name: string; version: string; environment: string; node: string };

  constructor(@Inject(kernelConfig.KEY) config: KernelConfig) {
    this.version = { name: 'keepem-api', version: packageVersion(), environment: config.environment, node: process.version };
  }

  @Get()
  @ApiOperation({ summary: 'Which build is running' })
  @ApiOkResponse({ description: 'name, version, environment, node' })
  get() {
    return this.version;
  }
}
