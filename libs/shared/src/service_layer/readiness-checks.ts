import { Injectable } from '@nestjs/common';

/** Something a context needs to do its work, beside the kernel's persistence and broker. */
export interface ReadinessCheck {
  /** Answers false rather than rejecting, so a readiness probe never turns into a 500. */
  isHealthy(): Promise<boolean>;
}

/**
 * The contexts' own dependencies that `/health/ready` checks, each under its name (the assets
 * context's file storage as `storage`): a context registers its checks as its module is built,
 * so the kernel's controller needs to know none of them.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) {
      throw new Error(`A readiness check named ${name} is already registered`);
    }
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks];
  }
}
