/**
 * The compiler setting of short jobs (scripts/lib/compiler.ts): V8 honours the flag set
 * while the process runs, and `failcat check` sets it before it parses the catalog. The
 * flag's speed is a benchmark's business (bench/check.ts); these tests show it is in force.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';
import { copyCases, FIXTURE_CATALOG } from '../risk/helpers.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** The functions V8's --trace-opt reports compiled by TurboFan in a run of `args`, and its stderr. */
function turbofanCompiles(args: string[]): { stderr: string; compiled: string[] } {
  const r = spawnSync(process.execPath, ['--trace-opt', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const compiled = r.stdout
    .split('\n')
    .filter((line) => /completed compiling .*target TURBOFAN/.test(line))
    .map((line) => /<JSFunction (\S+)/.exec(line)?.[1] ?? line);
  return { stderr: r.stderr, compiled };
}

/**
 * The functions of the check's reading path (the parser, the risk fields, the matching),
 * by name: what TurboFan would compile in a check. Code that runs before the job is known
 * (Node's own directory listing, say) may still be compiled, now and then.
 */
const READING_PATH = new Set(
  ['core/fast-yaml.ts', 'core/risk-read.ts', 'core/risk.ts', 'scripts/lib/risk-batch.ts'].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^\s*(?:export )?(?:function |class )?(\w+)\(/gm)].map(
      (m) => m[1]!,
    ),
  ),
);

describe('compilerForJob', () => {
  // A hot function that V8 compiles with TurboFan when allowed to.
  const job = (files: number) => `
    import { compilerForJob } from './scripts/lib/compiler.ts';
    compilerForJob(${files});
    function step(x, i) { return (x * 31 + i) | 0; }
    let x = 0;
    for (let i = 0; i < 5e6; i++) x = step(x, i);
    if (x === 0.5) console.error(x);`;

  it('turns TurboFan off for a short job, and leaves it on for a long one', () => {
    expect(turbofanCompiles(['--input-type=module', '-e', job(10_000)])).toEqual({
      stderr: '',
      compiled: [],
    });
    expect(turbofanCompiles(['--input-type=module', '-e', job(100_000)]).compiled.length).toBeGreaterThan(0);
  });

  it('is in force before failcat check parses the catalog, in the worker threads too', async () => {
    const dir = await makeTemp('failcat-compiler-');
    temps.push(dir);
    const catalog = path.join(dir, 'catalog');
    cpSync(FIXTURE_CATALOG, catalog, { recursive: true });
    // Enough cases for worker threads and for the parser to get hot.
    copyCases(catalog, 2100);
    const args = [
      'bin/failcat.js',
      'check',
      '--catalog',
      catalog,
      '--deploy',
      'test/fixtures/risk/deploy.yml',
    ];
    expect(READING_PATH).toContain('mapping');
    const { stderr, compiled } = turbofanCompiles([...args, '--no-cache', '--format', 'json']);
    expect({ stderr, compiled: compiled.filter((name) => READING_PATH.has(name)) }).toEqual({
      stderr: '',
      compiled: [],
    });
  });
});
