import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAction, DIST_FILE } from '../../action/build.ts';

describe('action/dist', () => {
  it('is what a fresh build produces (run `npm run build:action` and commit)', async () => {
    const fresh = await buildAction();
    // Compare sizes first so a stale bundle fails with a short message, not a 2 MB diff.
    const committed = readFileSync(DIST_FILE, 'utf8');
    expect(committed.length).toBe(fresh.length);
    expect(committed === fresh).toBe(true);
  });

  it('carries no worker pool, whose worker scripts it does not ship', () => {
    // The action reads its catalog in one thread; a pool in the bundle would point at
    // node/pool/*-worker.ts files that are not beside it.
    const bundle = readFileSync(DIST_FILE, 'utf8');
    expect(bundle).not.toMatch(/-worker\.ts|WORKER_SCRIPTS|runBatches|prestartWorkers/);
  });

  it('declares itself an ES module for the node24 runner', () => {
    expect(
      JSON.parse(readFileSync(new URL('../../action/dist/package.json', import.meta.url), 'utf8')),
    ).toEqual({ type: 'module' });
  });
});
