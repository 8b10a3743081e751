/**
 * Every test run gets a temporary folder of its own, removed when the run ends: the tests,
 * and every program they start (the CLI, the action, site builds, Chromium), make their
 * temporary files below it through TMPDIR, so a run leaves nothing in the system's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'failcat-tests-'));
  const before = process.env.TMPDIR;
  // Read by os.tmpdir() in the test workers, which are forked after this runs.
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
