/**
 * Text output of `validate` and `check` (issue 13, item 16): values from file names, YAML
 * keys and the manifest never start a line of their own, so none reaches a CI log as a
 * workflow command (`::error::`, `::add-mask::`) or drives the terminal.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FIXTURE_CATALOG,
  makeCase,
  caseYaml,
  removeTemp,
  writeCatalog,
  makeTemp,
} from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** Lines that a CI runner would read as a workflow command, or that hold a raw control character. */
function unsafeLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are what must be absent
  return output.split('\n').filter((line) => /^\s*::/.test(line) || /[\0-\x08\x0B-\x1F\x7F]/.test(line));
}

describe('text output quotes no control character', () => {
  it('validate: file names and keys with line breaks and escapes', async () => {
    const dir = await writeCatalog({
      'FC-0101-x\n::error::forged by a file name.yaml': caseYaml(makeCase()),
      'FC-0102-y.yaml': caseYaml({
        ...makeCase({ id: 'FC-0102' }),
        'note\n::add-mask::forged by a key': 1,
        'bell\x07\x1b[2J': 2,
      }),
    });
    temps.push(dir);
    const r = await runCli(['validate', '--catalog', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\\n::error::forged by a file name');
    expect(r.stdout).toContain('\\n::add-mask::');
    expect(unsafeLines(r.stdout)).toEqual([]);
  });

  it('check: manifest keys, values and checklist items with line breaks', async () => {
    const dir = await makeTemp('failcat-text-');
    temps.push(dir);
    const deploy = path.join(dir, 'deploy.yml');
    await writeFile(
      deploy,
      [
        'model: "fraud-detector"',
        'features: ["hour_of_day\\n::error::forged by a feature"]',
        '"x\\n::error::forged by a key": 1',
        'checklist:',
        '  "a\\n::warning::forged by an item": true',
        '',
      ].join('\n'),
    );
    const r = await runCli([
      'check',
      '--today',
      '2026-01-01',
      '--catalog',
      FIXTURE_CATALOG,
      '--deploy',
      deploy,
    ]);
    expect(r.stdout).toContain('\\n::error::');
    expect(unsafeLines(r.stdout)).toEqual([]);
    expect(unsafeLines(r.stderr)).toEqual([]);
  });

  it('validate: a missing path named on the command line', async () => {
    const r = await runCli([
      'validate',
      '--catalog',
      FIXTURE_CATALOG,
      'nothing\n::error::forged by an argument.yaml',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing\\n::error::forged by an argument.yaml: no such file or folder.');
    expect(unsafeLines(r.stderr)).toEqual([]);
  });
});
