/**
 * The worker pool's threads (scripts/lib/pool.ts) start with a young generation sized for
 * parsing: V8's default is 4 MB, and a thread checking thousands of cases collected it
 * every few milliseconds. The speed that buys is a benchmark's business (bench/validate.ts).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runWorker } from '../../scripts/lib/pool.ts';

const NEW_SPACE_WORKER = new URL('../fixtures/workers/new-space.mjs', import.meta.url);
const MB = 1024 * 1024;

describe('the worker pool', () => {
  it('starts its workers with a young generation of 32 MB', async () => {
    expect(await runWorker<number>(NEW_SPACE_WORKER, null, 10)).toBeGreaterThanOrEqual(32 * MB);
  });

  it('is what makes the difference: a worker started plainly, in a fresh process, gets less', () => {
    const script = `
      import { Worker } from 'node:worker_threads';
      const worker = new Worker(new URL(${JSON.stringify(NEW_SPACE_WORKER.href)}), { execArgv: [] });
      worker.once('message', (size) => { console.log(size); void worker.terminate(); });
      worker.postMessage(null);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    expect(Number(r.stdout.trim())).toBeLessThan(32 * MB);
  });
});
