import { describe, expect, it } from '@jest/globals';
import { UnavailableError } from '@keepem/shared/domain';
import { WorkQueue } from './work-queue';

/** A job that runs until the test finishes it. */
function pendingJob<T>(value: T) {
  let finish: () => void = () => undefined;
  let started = false;
  const job = () =>
    new Promise<T>((resolve) => {
      started = true;
      finish = () => resolve(value);
    });
  return { job, finish: () => finish(), started: () => started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function queue(concurrency: number, queueLimit: number, clock = { now: 0 }) {
  return new WorkQueue({ concurrency, queueLimit, busy: (seconds) => `busy, ${seconds} s`, now: () => clock.now });
}

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once and starts the waiting ones in arrival order', async () => {
    const work = queue(2, 5);
    const jobs = [pendingJob('a'), pendingJob('b'), pendingJob('c'), pendingJob('d')];
    const results = jobs.map(({ job }) => work.run(job));
    await flush();
    expect(jobs.map(({ started }) => started())).toEqual([true, true, false, false]);
    expect(work.size).toEqual({ running: 2, waiting: 2 });

    jobs[1].finish();
    await flush();
    expect(jobs.map(({ started }) => started())).toEqual([true, true, true, false]);
    jobs[0].finish();
    jobs[2].finish();
    await flush();
    jobs[3].finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(work.size).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a job beyond the queue at once, without running it', async () => {
    const work = queue(1, 1);
    const running = pendingJob('running');
    const waiting = pendingJob('waiting');
    const refused = pendingJob('refused');
    const first = work.run(running.job);
    const second = work.run(waiting.job);

    await expect(work.run(refused.job)).rejects.toBeInstanceOf(UnavailableError);
    expect(refused.started()).toBe(false);
    running.finish();
    await first;
    await flush();
    waiting.finish();
    expect(await second).toBe('waiting');
  });

  it('refuses with no queue at all once every slot is busy', async () => {
    const work = queue(1, 0);
    const running = pendingJob(1);
    const first = work.run(running.job);
    await expect(work.run(pendingJob(2).job)).rejects.toBeInstanceOf(UnavailableError);
    running.finish();
    expect(await first).toBe(1);
    expect(await work.run(() => Promise.resolve(3))).toBe(3);
  });

  it('frees the slot of a job that fails', async () => {
    const work = queue(1, 0);
    await expect(work.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await work.run(() => Promise.resolve('next'))).toBe('next');
    expect(work.size).toEqual({ running: 0, waiting: 0 });
  });

  it('asks a refused caller to wait one second when no job has finished yet', async () => {
    const work = queue(1, 0);
    const running = pendingJob(1);
    const first = work.run(running.job);
    const error = (await work.run(pendingJob(2).job).catch((caught: unknown) => caught)) as UnavailableError;
    expect(error.retryAfterSeconds).toBe(1);
    running.finish();
    await first;
  });

  it('tells a refused caller how long the jobs ahead should take', async () => {
    const clock = { now: 0 };
    const work = queue(2, 2, clock);
    // Jobs have taken 1.5 s each; two run and two wait, on two slots: 3 s.
    for (let done = 0; done < 2; done++) {
      await work.run(async () => {
        clock.now += 1_500;
      });
    }
    const jobs = [pendingJob(1), pendingJob(2), pendingJob(3), pendingJob(4)];
    const runs = jobs.map(({ job }) => work.run(job));
    const error = (await work.run(pendingJob(5).job).catch((caught: unknown) => caught)) as UnavailableError;
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.retryAfterSeconds).toBe(3);
    expect(error.message).toBe('busy, 3 s');
    jobs[0].finish();
    jobs[1].finish();
    await flush();
    jobs[2].finish();
    jobs[3].finish();
    await Promise.all(runs);
  });
});
