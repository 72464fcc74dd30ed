import { Logger } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { IsIn, validateSync } from 'class-validator';

export const ENVIRONMENTS = ['dev', 'qa', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** An empty line in a .env file means "not set", so a default or "absent" applies rather than "". */
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * What every context's variables class extends: ENVIRONMENT decides whether a missing secret may be
 * made up, so each context reads it, and each reports a wrong one.
 */
export class EnvironmentVariables {
  @IsIn(ENVIRONMENTS)
  ENVIRONMENT: Environment = 'dev';
}

/**
 * A rule across variables, which a decorator on one property cannot say without reporting the
 * variable's other rules as broken too: `variable` must be set whenever `reason` gives a reason.
 */
export interface Requirement<Variables> {
  variable: keyof Variables & string;
  reason(env: Variables): string | undefined;
}

/** A secret cannot be made up outside dev: the API and the worker would each make their own. */
export function secretRequirement<Variables extends EnvironmentVariables>(variable: keyof Variables & string): Requirement<Variables> {
  return { variable, reason: (env) => (env.ENVIRONMENT === 'dev' ? undefined : `required when ENVIRONMENT is ${env.ENVIRONMENT}`) };
}

/**
 * The variables of `raw` that `Variables` declares, converted and checked. Every problem is
 * reported at once, each line naming its variable, so one failed start shows all there is to fix.
 */
export function validateEnvironment<Variables extends EnvironmentVariables>(
  variables: ClassConstructor<Variables>,
  raw: Record<string, unknown>,
  requirements: Requirement<Variables>[] = [],
): Variables {
  const env = plainToInstance(variables, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((text) => `${error.property}: ${text}`),
  );
  for (const { variable, reason } of requirements) {
    const why = env[variable] === undefined ? reason(env) : undefined;
    if (why) {
      problems.push(`${variable}: ${why}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  return env;
}

/**
 * The secret, or in dev (where its requirement lets it be missing) one made up for the life of the
 * process, with a warning saying what that costs.
 */
export function secretOrEphemeral(value: string | undefined, variable: string, loss: string, generate: () => string): string {
  if (value !== undefined) {
    return value;
  }
  new Logger('Configuration').warn(`${variable} is not set: using an ephemeral one, so ${loss} with this process`);
  return generate();
}
