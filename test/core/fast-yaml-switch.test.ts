/**
 * The fast YAML path's switch: off, nothing reads YAML through the fast path (in this
 * thread, in pool workers, in the risk check), and every result stays the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/generate.ts';
import {
  BAIL,
  fastYamlEnabled,
  parseFastYaml,
  positionsOfFastYaml,
  setFastYaml,
} from '../../core/parse/fast-yaml/index.ts';
import { parseSource } from '../../core/parse/source.ts';
import { readRiskCase } from '../../core/risk/read.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { applyEnvironment } from '../../node/environment.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { poolInput, runWorker } from '../../node/pool/pool.ts';
import { catalogFromScenario, FIXTURES, removeTemp, ROOT } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

/** Runs `fn` with the switch set to `on`, restoring the default after. */
async function withFastYaml<T>(on: boolean, fn: () => T | Promise<T>): Promise<T> {
  setFastYaml(on);
  try {
    return await fn();
  } finally {
    setFastYaml(true);
  }
}

const CASES = path.join(ROOT, 'catalog', 'cases');
const caseFiles = readdirSync(CASES).map((name) => path.join(CASES, name));

afterEach(() => setFastYaml(true));

describe('the fast YAML switch', () => {
  it('is on by default, and off the entry point bails on every document', async () => {
    expect(fastYamlEnabled()).toBe(true);
    expect(parseFastYaml('a: 1\n')).toEqual({ a: 1 });
    expect(positionsOfFastYaml('a: 1\n')).toBeDefined();
    await withFastYaml(false, () => {
      expect(parseFastYaml('a: 1\n')).toBe(BAIL);
      expect(positionsOfFastYaml('a: 1\n')).toBeUndefined();
    });
  });

  it('off, parseSource never takes the fast path and reads the same data', async () => {
    const on = caseFiles.map((file) => parseSource(file, readFileSync(file)));
    const off = await withFastYaml(false, () =>
      caseFiles.map((file) => parseSource(file, readFileSync(file))),
    );
    // On, the fast path really reads the shipped cases; off, none of them.
    expect(on.filter((src) => src.fast).length).toBeGreaterThan(caseFiles.length / 2);
    expect(off.filter((src) => src.fast)).toEqual([]);
    expect(off.map((src) => src.data)).toStrictEqual(on.map((src) => src.data));
  });

  it('off, every rule fixture gives the same findings at the same positions', async () => {
    const rules = path.join(FIXTURES, 'rules');
    for (const rule of readdirSync(rules)) {
      for (const scenario of readdirSync(path.join(rules, rule))) {
        const dir = await catalogFromScenario(path.join(rules, rule, scenario));
        try {
          const on = await validateCatalog(dir, fsReader);
          const off = await withFastYaml(false, () => validateCatalog(dir, fsReader));
          expect(off.findings, `${rule}/${scenario}`).toStrictEqual(on.findings);
        } finally {
          await removeTemp(dir);
        }
      }
    }
  });

  it('off, the risk check reads the same cases', async () => {
    const read = () => caseFiles.map((file) => readRiskCase(file, readFileSync(file)));
    const on = read();
    expect(on.filter(Boolean).length).toBe(caseFiles.length);
    expect(await withFastYaml(false, read)).toStrictEqual(on);
  });

  it('reaches pool workers through the job input', async () => {
    const script = new URL('../helpers/switch-worker.ts', import.meta.url);
    const seen = (on: boolean) =>
      withFastYaml(on, () => runWorker<[number, boolean][]>(script, poolInput({}, ['a.yaml']), 1));
    expect(await seen(false)).toEqual([[0, false]]);
    expect(await seen(true)).toEqual([[0, true]]);
  });

  it('is read from FAILCAT_FAST_YAML at the edge: 0 turns it off, anything else leaves it on', () => {
    applyEnvironment({ FAILCAT_FAST_YAML: '0' });
    expect(fastYamlEnabled()).toBe(false);
    applyEnvironment({ FAILCAT_FAST_YAML: '1' });
    expect(fastYamlEnabled()).toBe(true);
    applyEnvironment({ FAILCAT_FAST_YAML: '0' });
    applyEnvironment({});
    expect(fastYamlEnabled()).toBe(true);
  });

  it('cannot be bypassed: lint refuses the parser imported past the entry point', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const lint = async (file: string, from: string) => {
      const [result] = await eslint.lintText(`export { parseFastYaml } from '${from}';\n`, {
        filePath: path.join(ROOT, file),
      });
      return result!.messages.map((m) => m.ruleId);
    };
    expect(await lint('core/risk/x.ts', '../parse/fast-yaml/parser.ts')).toContain(
      'import-x/no-restricted-paths',
    );
    expect(await lint('core/parse/x.ts', './fast-yaml/parser.ts')).toContain('import-x/no-restricted-paths');
    expect(await lint('test/core/x.ts', '../../core/parse/fast-yaml/parser.ts')).toContain(
      'import-x/no-restricted-paths',
    );
    expect(await lint('core/risk/x.ts', '../parse/fast-yaml/index.ts')).toEqual([]);
    expect(await lint('core/parse/fast-yaml/x.ts', './parser.ts')).toEqual([]);
  });
});

describe('FAILCAT_FAST_YAML=0 on the command line', () => {
  let generated: string;
  beforeAll(async () => {
    // Enough cases for validate to spread them over worker threads.
    generated = await mkdtemp(path.join(tmpdir(), 'failcat-switch-'));
    generateCatalog({ cases: 320, out: generated, seed: 11 });
  });
  afterAll(() => rm(generated, { recursive: true, force: true }));

  const OFF = { FAILCAT_FAST_YAML: '0' };
  const RISK = path.join(FIXTURES, 'risk');

  it.each([
    ['validate, the shipped catalog', ['validate', '--format', 'json']],
    [
      'validate, rule fixtures with findings',
      ['validate', '--catalog', 'test/fixtures/rules/schema/fires', '--format', 'json'],
    ],
    [
      'check',
      [
        'check',
        '--catalog',
        path.join(RISK, 'catalog'),
        '--deploy',
        path.join(RISK, 'deploy.yml'),
        '--today',
        '2026-01-01',
        '--no-cache',
        '--format',
        'json',
      ],
    ],
  ])('%s: the same output', async (_, args) => {
    const on = await runCli(args);
    const off = await runCli(args, { env: OFF });
    expect(on.stdout.length).toBeGreaterThan(50);
    expect(off).toEqual(on);
  });

  it('validate on worker threads: the same output', async () => {
    const args = ['validate', '--catalog', generated, '--format', 'json'];
    const on = await runCli(args);
    expect(JSON.parse(on.stdout)).toMatchObject({ files: 320 });
    expect(await runCli(args, { env: OFF })).toEqual(on);
  });
});
