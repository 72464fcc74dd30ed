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

/** Which build answers: enough to tell deployments apart, nothing about the runtime or the environment. */
interface BuildVersion {
  name: string;
  version: string;
  commit: string;
}

@ApiTags('health')
@Controller('version')
export class VersionHttpController {
  private readonly version: BuildVersion;

  constructor(@Inject(kernelConfig.KEY) config: KernelConfig) {
    this.version = { name: 'keepem-api', version: packageVersion(), commit: config.commit ?? 'unknown' };
  }

  @Get()
  @ApiOperation({ summary: 'Which build is running' })
  @ApiOkResponse({
    description: 'The application, its version, and the commit it was built from (`unknown` when the build did not say)',
    schema: {
      type: 'object',
      required: ['name', 'version', 'commit'],
      properties: {
        name: { type: 'string', example: 'keepem-api' },
        version: { type: 'string', example: '0.1.0' },
        commit: { type: 'string', example: '9aad901c3f0e4b1d8e2a7c6b5d4e3f2a1b0c9d8e' },
      },
    },
  })
  get(): BuildVersion {
    return this.version;
  }
}
