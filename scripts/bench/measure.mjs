/**
 * Measuring: one scenario's warm-ups and ABBA rounds with autocannon, each side's rounds merged
 * into one summary, and the api/bare ratios.
 */
import autocannon from 'autocannon';
import { processCpuMs, selfCpuMs, waitForQuiet } from './cpu.mjs';
import { log } from './log.mjs';
import { round } from './round.mjs';
import { serverDeaths } from './servers.mjs';

/**
 * One scenario. Each side is warmed up, then measured for `seconds` in total, split into `rounds`
 * taken in ABBA order (api, bare, bare, api, ...), so a slow drift of the machine's other load
 * falls on both sides alike. The rounds of a side are merged: counts summed, latency histograms
 * combined (autocannon.aggregateResult), so p99 is over every request of that side.
 */
export async function compare(title, { api, bare, pids, settings, seconds, rounds, target }, describe) {
  const servers = { api, bare };
  const warmups = {};
  for (const side of ['api', 'bare']) {
    await waitForQuiet(pids);
    log(`${title} on ${side}: warm-up ${settings.warmupSeconds} s`);
    const warmup = await runOnce(servers[side].url, describe(side, 'warmup'), settings.connections, settings.warmupSeconds, pids[side]);
    warmups[side] = summarize(`${title} ${side} warm-up`, describe(side, 'warmup'), settings.connections, [warmup]);
    // A short warm-up may see no answer at all on a slow route (argon2); anything else wrong is fatal.
    const warmupProblems = warmups[side].problems.filter((problem) => !problem.startsWith('no '));
    if (warmupProblems.length > 0) throw new Error(`${warmups[side].label}: ${warmupProblems.join('; ')}`);
  }
  const order = Array.from({ length: rounds }, (_, index) => (index % 2 === 0 ? ['api', 'bare'] : ['bare', 'api'])).flat();
  const roundSeconds = seconds / rounds;
  const specs = { api: describe('api', 'measure'), bare: describe('bare', 'measure') };
  const parts = { api: [], bare: [] };
  for (const side of order) {
    await waitForQuiet(pids);
    log(
      `${title} on ${side}: measuring ${roundSeconds} s at ${settings.connections} connections (round ${parts[side].length + 1}/${rounds})`,
    );
    parts[side].push(await runOnce(servers[side].url, specs[side], settings.connections, roundSeconds, pids[side]));
  }
  const runs = {};
  for (const side of ['api', 'bare']) {
    runs[side] = summarize(`${title} ${side}`, specs[side], settings.connections, parts[side]);
    runs[side].warmup = pick(warmups[side], ['durationSeconds', 'successes', 'requestsPerSecond', 'statuses', 'errors']);
  }
  const ratio = {
    requestsPerSecond: round(runs.api.requestsPerSecond / runs.bare.requestsPerSecond, 3),
    p99: round(runs.api.latencyMs.p99 / runs.bare.latencyMs.p99, 3),
    // Per round, in order: how steady the ratio was within this run.
    requestsPerSecondByRound: runs.api.rounds.map((part, index) =>
      round(part.requestsPerSecond / runs.bare.rounds[index].requestsPerSecond, 3),
    ),
  };
  return {
    title,
    target: target === null ? null : { requestsPerSecondRatioAtLeast: target, met: ratio.requestsPerSecond >= target },
    api: runs.api,
    bare: runs.bare,
    ratio,
  };
}

/** One autocannon run, its histograms kept encoded so that rounds can be merged. */
async function runOnce(url, spec, connections, seconds, serverPid) {
  const request = { method: spec.method, path: spec.path, headers: spec.headers };
  if (spec.body) request.setupRequest = (raw) => ({ ...raw, body: spec.body() });
  const before = { server: processCpuMs(serverPid), loadgen: selfCpuMs(), at: performance.now() };
  const raw = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: spec.timeout,
    requests: [request],
    skipAggregateResult: true,
  });
  const wallMs = performance.now() - before.at;
  if (serverDeaths.length > 0) throw new Error(serverDeaths.join('; '));
  const statuses = Object.fromEntries(Object.entries(raw.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
  const serverMs = before.server === null ? null : processCpuMs(serverPid) - before.server;
  return { raw, statuses, wallMs, serverMs, loadgenMs: selfCpuMs() - before.loadgen };
}

function summarize(label, spec, connections, parts) {
  const statuses = {};
  for (const part of parts) for (const [code, count] of Object.entries(part.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  const sum = (pickValue) => parts.reduce((total, part) => total + pickValue(part), 0);
  const durationSeconds = round(
    sum((part) => part.raw.duration),
    2,
  );
  const ok = statuses[spec.expectStatus] ?? 0;
  const errors = sum((part) => part.raw.errors);
  const timeouts = sum((part) => part.raw.timeouts);
  const unexpected = Object.entries(statuses).filter(([code]) => Number(code) !== spec.expectStatus);
  const problems = [];
  if (ok === 0) problems.push(`no ${spec.expectStatus} responses at all`);
  if (unexpected.length > 0) problems.push(`unexpected statuses ${unexpected.map(([code, count]) => `${code}x${count}`).join(', ')}`);
  if (errors > 0) problems.push(`${errors} connection errors (${timeouts} timeouts)`);
  const wallMs = sum((part) => part.wallMs);
  // Summed before aggregateResult, which merges into the first part's objects.
  const rounds = parts.map((part) => ({
    durationSeconds: part.raw.duration,
    successes: part.statuses[spec.expectStatus] ?? 0,
    requestsPerSecond: round((part.statuses[spec.expectStatus] ?? 0) / part.raw.duration, 1),
  }));
  const merged = autocannon.aggregateResult(
    parts.map((part) => part.raw),
    { url: 'http://merged', connections },
  );
  return {
    label,
    method: spec.method,
    path: spec.path,
    connections,
    durationSeconds,
    expectedStatus: spec.expectStatus,
    successes: ok,
    requestsPerSecond: round(ok / durationSeconds, 1),
    statuses,
    non2xx: sum((part) => part.raw.non2xx),
    errors,
    timeouts,
    latencyMs: pick(merged.latency, ['mean', 'stddev', 'min', 'p50', 'p90', 'p97_5', 'p99', 'p99_9', 'max']),
    rounds,
    // Share of one core over the measured time: tells whether the server or the load generator was the limit.
    cpu: {
      serverPercentOfOneCore: parts.some((part) => part.serverMs === null) ? null : round((100 * sum((part) => part.serverMs)) / wallMs, 0),
      loadGeneratorPercentOfOneCore: round((100 * sum((part) => part.loadgenMs)) / wallMs, 0),
    },
    problems,
  };
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((key) => [key, object?.[key] ?? null]));
}
