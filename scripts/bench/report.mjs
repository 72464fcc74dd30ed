/** The report: the machine it ran on, the summary table printed at the end, the raw numbers in var/bench/latest.json. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { printCipherSummary } from './cipher.mjs';
import { printRelaySummary } from './relay.mjs';
import { log } from './log.mjs';
import { DIST_API_ENTRY, ROOT } from './paths.mjs';
import { round } from './round.mjs';

const RESULT_FILE = join(ROOT, 'var', 'bench', 'latest.json');

export function machine() {
  const cpus = os.cpus();
  let cpuModel = cpus[0]?.model ?? 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  return {
    cpuModel,
    cpuMHz: cpus[0]?.speed ?? null,
    logicalCpus: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
    // Other work on the machine skews every figure: recorded so a noisy run can be recognised.
    loadAverage1m5m15m: os.loadavg().map((value) => round(value, 2)),
  };
}

export function printSummary(report) {
  const { machine: m, settings: s } = report;
  console.log('');
  console.log(`Machine: ${m.cpuModel}, ${m.logicalCpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}`);
  if (report.cipher) {
    console.log('');
    printCipherSummary(report.cipher);
  }
  if (report.relay) {
    console.log('');
    printRelaySummary(report.relay);
  }
  if (Object.keys(report.scenarios).length === 0) return;
  console.log(
    `Settings: ${s.connections} connections, warm-up ${s.warmupSeconds} s, measured ${s.seconds} s per side in ${s.rounds} ABBA rounds (GET, PATCH) / ${s.registerSeconds} s (POST), API LOG_LEVEL=${s.logLevel}${s.mongodbUrl ? ', API on BENCH_MONGODB_URL' : ''}${s.apiEntry === DIST_API_ENTRY ? '' : `, API entry ${s.apiEntry}`}, load average at the end ${m.loadAverage1m5m15m.join(' ')}`,
  );
  console.log('');
  const header = ['scenario', 'side', 'ok', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'server CPU', 'autocannon CPU'];
  const rows = [];
  const requestScenarios = Object.values(report.scenarios).filter((scenario) => scenario.kind === undefined);
  for (const scenario of requestScenarios) {
    for (const side of ['api', 'bare']) {
      const run = scenario[side];
      rows.push([
        scenario.title,
        side,
        String(run.successes),
        run.requestsPerSecond.toFixed(1),
        String(run.latencyMs.p50),
        String(run.latencyMs.p99),
        String(run.latencyMs.max),
        String(run.non2xx),
        String(run.errors),
        run.cpu.serverPercentOfOneCore === null ? '?' : `${run.cpu.serverPercentOfOneCore} %`,
        `${run.cpu.loadGeneratorPercentOfOneCore} %`,
      ]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  if (rows.length > 0) {
    console.log(line(header));
    console.log(widths.map((width) => '-'.repeat(width)).join('  '));
    rows.forEach((row) => console.log(line(row)));
    console.log('');
  }
  for (const scenario of requestScenarios) {
    const verdict = scenario.target
      ? ` (target >= ${scenario.target.requestsPerSecondRatioAtLeast}: ${scenario.target.met ? 'met' : 'NOT met'})`
      : '';
    const byRound =
      scenario.ratio.requestsPerSecondByRound.length > 1
        ? ` (rounds: ${scenario.ratio.requestsPerSecondByRound.map((value) => value.toFixed(2)).join(', ')})`
        : '';
    console.log(
      `${scenario.title}: api/bare req/s = ${scenario.ratio.requestsPerSecond.toFixed(2)}${verdict}${byRound}; api/bare p99 = ${scenario.ratio.p99.toFixed(2)}`,
    );
  }
  console.log('');
  printFileSummary(report);
}

/** The files and memory scenarios: throughput and memory rather than requests per second. */
function printFileSummary(report) {
  const { files, memory } = report.scenarios;
  if (files) {
    console.log(`${files.title}, median of ${files.api.rounds.length} rounds per side:`);
    for (const side of ['api', 'bare']) {
      const run = files[side];
      console.log(
        `  ${side.padEnd(4)}  upload ${run.uploadMiBps.toFixed(1).padStart(7)} MiB/s  download ${run.downloadMiBps.toFixed(1).padStart(7)} MiB/s  RSS ${run.rssBeforeMiB} MiB before, ${run.peakRssMiB} MiB at peak`,
      );
    }
    console.log(
      `  api/bare: upload ${files.ratio.upload.toFixed(2)}, download ${files.ratio.download.toFixed(2)}, peak RSS ${files.ratio.peakRss.toFixed(2)}`,
    );
  }
  if (memory) {
    console.log(
      `${memory.title}: ${memory.intact ? 'intact' : 'NOT intact'}, upload ${memory.uploadMiBps} MiB/s, download ${memory.downloadMiBps} MiB/s, RSS ${memory.rssBeforeMiB} MiB before, ${memory.peakRssMiB} MiB at peak`,
    );
  }
  if (files || memory) console.log('');
}

export function writeReport(report) {
  mkdirSync(dirname(RESULT_FILE), { recursive: true });
  writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  log(`raw numbers written to ${RESULT_FILE}`);
}
