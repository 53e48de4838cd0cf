import { startPeriodic, type PassResult } from './periodic';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recordingLog() {
  const warnings: object[] = [];
  return { warnings, log: { warn: (obj: object) => void warnings.push(obj) } };
}

describe('periodic jobs', () => {
  it('repeats a pass at once while it reports more work, and never runs two passes at the same time', async () => {
    let active = 0;
    let maxActive = 0;
    let passes = 0;
    const results: PassResult[] = ['more', 'more', 'done'];
    const { log } = recordingLog();
    const stop = startPeriodic(
      {
        name: 'drain',
        intervalMs: 5,
        pass: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await sleep(15); // longer than the interval
          active--;
          return results[passes++] ?? 'done';
        },
      },
      { log },
    );
    for (let i = 0; i < 400 && passes < 5; i++) await sleep(25);
    await stop();
    expect(maxActive).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(5);
  });

  it('backs off while passes fail, logs each failure once, and resumes by itself when they succeed again', async () => {
    let failing = true;
    let attempts = 0;
    let succeeded = 0;
    const { log, warnings } = recordingLog();
    const stop = startPeriodic(
      {
        name: 'outbox',
        intervalMs: 10,
        pass: async () => {
          attempts++;
          if (failing) throw new Error('connect ECONNREFUSED');
          succeeded++;
        },
      },
      { log, maxBackoffMs: 80 },
    );
    await sleep(400);
    // Without backoff a 10 ms job would have tried about 40 times in 400 ms; doubling up to 80 ms gives far fewer.
    expect(attempts).toBeLessThan(15);
    expect(warnings.length).toBe(attempts);
    expect(warnings[0]).toMatchObject({ job: 'outbox' });
    failing = false;
    for (let i = 0; i < 400 && succeeded === 0; i++) await sleep(25);
    await stop();
    expect(succeeded).toBeGreaterThan(0);
  });

  it('stops: waits for the pass in progress and runs no other', async () => {
    let finished = false;
    let started = 0;
    const { log } = recordingLog();
    const stop = startPeriodic(
      {
        name: 'slow',
        intervalMs: 5,
        pass: async () => {
          started++;
          await sleep(50);
          finished = true;
        },
      },
      { log },
    );
    await sleep(20);
    await stop();
    expect(finished).toBe(true);
    const after = started;
    await sleep(50);
    expect(started).toBe(after);
  });
});
