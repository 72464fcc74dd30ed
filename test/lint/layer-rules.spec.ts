import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPOSITORY = resolve('.');

/** Files that each break one layer rule, in a tree of their own beside the real one. */
const PROBES: Record<string, string> = {
  'libs/probe/src/domain/uses-nest.ts': "import { CommandBus } from '@nestjs/cqrs';\nexport const bus = CommandBus;\n",
  'libs/probe/src/service_layer/sends-mail.ts': "import nodemailer from 'nodemailer';\nexport const mailer = nodemailer;\n",
  'libs/probe/src/service_layer/through-barrel.ts': "import { thing } from '../index';\nexport const used = thing;\n",
  'libs/probe/src/index.ts': "export { thing } from './adapters/thing';\n",
  'libs/probe/src/adapters/thing.ts': 'export const thing = 1;\n',
  'libs/probe/src/adapters/uses-test-double.ts':
    "import { double } from '../../../shared/src/testing/double';\nexport const used = double;\n",
  'libs/probe/src/contracts/leaks-adapter.ts': "import { thing } from '../adapters/thing';\nexport const leaked = thing;\n",
  'libs/shared/src/testing/double.ts': 'export const double = 2;\n',
  'libs/other/src/service_layer/reaches-in.ts': "import { thing } from '../../../probe/src/adapters/thing';\nexport const used = thing;\n",
  'apps/worker/src/main.ts': "import { SwaggerModule } from '@nestjs/swagger';\nexport const swagger = SwaggerModule;\n",
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

describe('the layer rules in .dependency-cruiser.cjs', () => {
  let tree: string;
  let violations: Violation[];

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'layer-rules-'));
    copyFileSync(join(REPOSITORY, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
    writeFileSync(join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
    symlinkSync(join(REPOSITORY, 'node_modules'), join(tree, 'node_modules'), 'dir');
    for (const [path, source] of Object.entries(PROBES)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), source);
    }
    const cli = join(REPOSITORY, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const args = [cli, 'apps', 'libs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
    let report: string;
    try {
      report = execFileSync(process.execPath, args, { cwd: tree, encoding: 'utf8' });
    } catch (failure) {
      // The command exits non-zero when it finds violations, which is what the probes are for.
      report = (failure as { stdout: string }).stdout;
    }
    violations = (JSON.parse(report) as { summary: { violations: Violation[] } }).summary.violations;
  }, 60_000);

  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  const caught = (rule: string, from: string) => violations.filter((violation) => violation.rule.name === rule && violation.from === from);

  it.each([
    ['domain-is-plain', 'libs/probe/src/domain/uses-nest.ts'],
    ['service-layer-no-drivers', 'libs/probe/src/service_layer/sends-mail.ts'],
    ['inner-layers-never-reach-adapters', 'libs/probe/src/service_layer/through-barrel.ts'],
    ['testing-doubles-only-in-tests', 'libs/probe/src/adapters/uses-test-double.ts'],
    ['contracts-are-plain', 'libs/probe/src/contracts/leaks-adapter.ts'],
    ['no-cross-context-internals', 'libs/other/src/service_layer/reaches-in.ts'],
    ['worker-runs-without-http', 'apps/worker/src/main.ts'],
  ])('%s catches %s', (rule, from) => {
    expect(caught(rule, from)).not.toEqual([]);
  });
});
