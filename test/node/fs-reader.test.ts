/**
 * Files that must never be followed, echoed or allowed to cost minutes (issue 13, items
 * 13 and 17): links, folders, FIFOs and huge files in a catalog are findings decided
 * from lstat, before anything is opened or read.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader, readRegularFile } from '../../node/fs-reader.ts';
import { readManifestFile } from '../../node/manifest-file.ts';
import {
  FIXTURE_CATALOG,
  caseYaml,
  makeCase,
  makeTemp,
  relativeFindings,
  removeTemp,
  writeCatalog,
} from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

const SECRET = '//registry.npmjs.org/:_authToken=npm_SECRETSECRETSECRETSECRET0123456789';

/** A catalog whose cases folder holds every kind of path that is not a regular case file. */
async function hostileCatalog() {
  const outside = await makeTemp('failcat-outside-');
  temps.push(outside);
  const npmrc = path.join(outside, '.npmrc');
  writeFileSync(npmrc, `${SECRET}\n`);
  const dir = await writeCatalog({ 'FC-0100-regular.yaml': caseYaml(makeCase({ id: 'FC-0100' })) });
  temps.push(dir);
  const cases = path.join(dir, 'cases');
  symlinkSync(npmrc, path.join(cases, 'FC-0101-link.yaml'));
  execFileSync('mkfifo', [path.join(cases, 'FC-0102-fifo.yaml')]);
  // Sparse: 3 GiB by its size, nothing on disk; reading it whole would take minutes.
  writeFileSync(path.join(cases, 'FC-0104-huge.yaml'), '');
  truncateSync(path.join(cases, 'FC-0104-huge.yaml'), 3 * 1024 ** 3);
  symlinkSync(outside, path.join(cases, 'linked-folder'));
  // The policy, a link to a real policy elsewhere: still not followed.
  const policy = path.join(outside, 'policy.yaml');
  writeFileSync(policy, readFileSync(path.join(dir, 'policy.yaml')));
  execFileSync('rm', [path.join(dir, 'policy.yaml')]);
  symlinkSync(policy, path.join(dir, 'policy.yaml'));
  return { dir, cases, npmrc };
}

describe('the file-system reader', () => {
  it('refuses links, FIFOs and huge files of a whole catalog with findings, reading none', async () => {
    const { dir } = await hostileCatalog();
    const result = await validateCatalog(dir, fsReader);
    const found = relativeFindings(result.findings, dir).map(({ file, rule }) => `${file} ${rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'policy.yaml unreadable-file',
        'cases/FC-0101-link.yaml unreadable-file',
        'cases/FC-0102-fifo.yaml unreadable-file',
        'cases/FC-0104-huge.yaml file-too-large',
      ]),
    );
    expect(JSON.stringify(result.findings)).not.toContain('SECRET');
    const huge = result.findings.find((f) => f.rule === 'file-too-large')!;
    expect(huge.message).toBe('File is 3072.0 MiB; catalog files may be at most 1 MiB.');
    expect(result.findings.find((f) => f.file.endsWith('FC-0101-link.yaml'))!.message).toMatch(
      /^A symbolic link is where a file belongs/,
    );
  });

  it('reads regular files, and undefined for a missing one', async () => {
    const dir = await makeTemp();
    temps.push(dir);
    writeFileSync(path.join(dir, 'a.yaml'), 'x: 1\n');
    expect(Buffer.from(readRegularFile(path.join(dir, 'a.yaml'))!).toString()).toBe('x: 1\n');
    expect(readRegularFile(path.join(dir, 'missing.yaml'))).toBeUndefined();
  });

  it('validate PATH and the text output never print a linked file, and a FIFO on the command line does not hang', async () => {
    const { dir, cases } = await hostileCatalog();
    const r = await runCli([
      'validate',
      '--catalog',
      dir,
      path.join(cases, 'FC-0101-link.yaml'),
      path.join(cases, 'FC-0102-fifo.yaml'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FC-0101-link.yaml:1:1  error  A symbolic link is where a file belongs');
    expect(r.stdout).toContain('FC-0102-fifo.yaml:1:1  error  A FIFO (named pipe) is where a file belongs');
    expect(r.stdout + r.stderr).not.toContain('SECRET');
  });

  it('quotes only a short excerpt of a one-line file that is not a mapping', async () => {
    const dir = await writeCatalog({ 'FC-0101-one-line.yaml': `${SECRET}\n` });
    temps.push(dir);
    const result = await validateCatalog(dir, fsReader);
    expect(result.findings.map((f) => f.message)).toEqual([
      'The document must be a mapping, not string "//registry.npmjs.org/:….',
    ]);
  });

  it('refuses a linked deployment manifest in the risk check, and check says so', async () => {
    const { npmrc } = await hostileCatalog();
    const dir = await makeTemp();
    temps.push(dir);
    const deploy = path.join(dir, 'deploy.yml');
    symlinkSync(npmrc, deploy);
    const { manifest, findings } = readManifestFile(deploy);
    expect(manifest).toBeUndefined();
    expect(findings.map((f) => f.rule)).toEqual(['unreadable-file']);
    const r = await runCli([
      'check',
      '--today',
      '2026-01-01',
      '--catalog',
      FIXTURE_CATALOG,
      '--deploy',
      deploy,
    ]);
    expect(r.stdout).toContain('deploy.yml:1:1 error A symbolic link is where a file belongs');
    expect(r.stdout + r.stderr).not.toContain('SECRET');
  });
});
