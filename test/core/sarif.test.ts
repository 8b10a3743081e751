/**
 * SARIF output against the OASIS SARIF 2.1.0 schema (vendored under test/fixtures/sarif),
 * with file URIs GitHub code scanning maps from any folder (issue 13, item 12).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../core/model/findings.ts';
import { renderSarif } from '../../core/validate/report.ts';
import { caseYaml, FIXTURES, makeCase, makeTemp, removeTemp, writeCatalog } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
// Both packages are CommonJS with their export on `default` (how it arrives depends on the loader).
const Ajv = ((AjvModule as { default?: unknown }).default ?? AjvModule) as typeof AjvModule.default;
const addFormats = ((formatsModule as { default?: unknown }).default ??
  formatsModule) as typeof formatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

function finding(file: string, rule: Finding['rule'] = 'schema'): Finding {
  return { file, line: 2, column: 3, rule, severity: 'error', message: 'Bad.', hint: 'Fix it.' };
}

interface SarifLog {
  runs: {
    columnKind: string;
    originalUriBaseIds?: Record<string, { uri: string }>;
    results: {
      locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
    }[];
  }[];
}

function check(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

const uris = (log: SarifLog) =>
  log.runs[0]!.results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation);

describe('renderSarif', () => {
  it('is valid SARIF 2.1.0 for names with spaces, non-ASCII letters, # and %, inside and outside the root', () => {
    const findings = [
      finding('catalog/cases/FC-0001 night fraud.md'),
      finding('catalog/cases/FC-0002-café-#1 100%.yaml'),
      finding('../elsewhere/cases/FC-0003.yaml'),
      finding('/abs/other place/FC-0004.yaml'),
      finding('catalog/policy.yaml', 'config-missing'),
    ];
    const log = check(renderSarif({ files: 5, cases: 4, findings }, { cwd: '/repo/sub', root: '/repo' }));
    expect(log.runs[0]!.columnKind).toBe('utf16CodeUnits');
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(uris(log)).toEqual([
      { uri: 'sub/catalog/cases/FC-0001%20night%20fraud.md', uriBaseId: '%SRCROOT%' },
      { uri: 'sub/catalog/cases/FC-0002-caf%C3%A9-%231%20100%25.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'elsewhere/cases/FC-0003.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///abs/other%20place/FC-0004.yaml' },
      // A file that does not exist has no location.
      undefined,
    ]);
    // Without places, still valid: relative to %SRCROOT%.
    check(renderSarif({ files: 5, cases: 4, findings }));
    check(renderSarif({ files: 0, cases: 0, findings: [] }));
  });

  it('from the command line, maps every location to an existing file of the repository, from any folder', async () => {
    const repo = await makeTemp('failcat-sarif-');
    temps.push(repo);
    await mkdir(path.join(repo, '.git'));
    const dir = await writeCatalog({ 'FC-0101-night fraud é.yaml': caseYaml(makeCase({ title: 'x' })) });
    temps.push(dir);
    const catalog = path.join(repo, 'my catalog');
    await mkdir(catalog);
    for (const name of ['taxonomy.yaml', 'policy.yaml', 'checklist.yaml']) {
      await writeFile(path.join(catalog, name), readFileSync(path.join(dir, name)));
    }
    await mkdir(path.join(catalog, 'cases'));
    await writeFile(
      path.join(catalog, 'cases', 'FC-0101-night fraud é.yaml'),
      readFileSync(path.join(dir, 'cases', 'FC-0101-night fraud é.yaml')),
    );
    const elsewhere = await makeTemp('failcat-cwd-');
    temps.push(elsewhere);
    for (const [cwd, arg] of [
      [elsewhere, path.relative(elsewhere, catalog)],
      [elsewhere, catalog],
      [path.join(catalog, 'cases'), '..'],
    ] as const) {
      const r = await runCli(['validate', '--catalog', arg, '--format', 'sarif'], { cwd });
      expect(r.code, r.stderr).toBe(1);
      const log = check(r.stdout);
      const base = log.runs[0]!.originalUriBaseIds!['%SRCROOT%']!.uri;
      expect(fileURLToPath(base)).toBe(`${repo}/`);
      const locations = uris(log);
      expect(locations.length).toBeGreaterThan(0);
      for (const location of locations) {
        expect(location!.uriBaseId).toBe('%SRCROOT%');
        expect(existsSync(fileURLToPath(new URL(location!.uri, base)))).toBe(true);
      }
    }
  });
});
