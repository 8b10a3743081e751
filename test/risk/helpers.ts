/** Shared pieces of the risk tests: the fixture catalog's configuration and a case factory. */
import { copyFileSync, cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import type { CatalogConfig } from '../../core/validate/config.ts';
import type { RiskCase, RiskCaseData } from '../../core/risk/match.ts';
import { fsReader } from '../../node/fs-reader.ts';

/** The fixture catalog folder: five small cases, one of them hostile text. */
export const FIXTURE_CATALOG = 'test/fixtures/risk/catalog';

/**
 * Fills a catalog's `cases/` with copies of the files already there until it holds at
 * least `count` more: enough, say, for the check to read on worker threads.
 */
export function copyCases(catalog: string, count: number): void {
  const cases = path.join(catalog, 'cases');
  const originals = readdirSync(cases);
  for (let n = 0; n < count; n += originals.length) {
    for (const f of originals) copyFileSync(path.join(cases, f), path.join(cases, `copy-${n}-${f}`));
  }
}

/** The fixture catalog's validated configuration. */
export async function fixtureConfig(): Promise<CatalogConfig> {
  const { config, findings } = await loadConfig(FIXTURE_CATALOG, fsReader);
  if (findings.length > 0) throw new Error(`fixture config has findings: ${JSON.stringify(findings)}`);
  return config;
}

let counter = 100;

/** A case with sensible defaults that matches nothing until overrides say so. */
export function makeCase(overrides: Partial<RiskCaseData> = {}): RiskCase {
  const id = overrides.id ?? `FC-${String(counter++).padStart(4, '0')}`;
  return {
    file: `catalog/cases/${id}-made.yaml`,
    data: {
      id,
      title: `Case ${id}`,
      severity: 'SEV2',
      status: 'investigating',
      occurred_at: '2026-01-01',
      ...overrides,
    },
  };
}

/**
 * A copy of the fixture catalog configured as a gate (test/fixtures/risk/gate: a site_url,
 * blocking items, approvers who may waive, waivers of blocking items forbidden).
 */
export function gateCatalog(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'failcat-gate-'));
  cpSync(FIXTURE_CATALOG, dir, { recursive: true });
  for (const f of ['policy.yaml', 'checklist.yaml'])
    copyFileSync(`test/fixtures/risk/gate/${f}`, path.join(dir, f));
  return dir;
}
