/**
 * Redaction never breaks a build (issue 13, item 3): every path into a full case is
 * either refused by the `redact` rule or publishes, exports, imports back and feeds the
 * risk check without an error.
 */
import { describe, expect, it } from 'vitest';
import { casesForAudience, exportCatalog, importCatalog } from '../../core/publish/export.ts';
import { renderAtom, renderCsv } from '../../core/publish/feeds.ts';
import { searchRecordOf } from '../../core/publish/search-index.ts';
import { buildSiteModel } from '../../core/publish/site-model.ts';
import { matchCase } from '../../core/risk/match.ts';
import { slimCase } from '../../core/risk/read.ts';
import { checkRedact } from '../../core/validate/rules/redact.ts';
import type { RuleContext } from '../../core/validate/config.ts';
import type { CaseRecord } from '../../core/validate/catalog.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { FIXTURE_CATALOG, makeCase } from '../helpers/catalog.ts';

/** Every dotted path of a document, through lists as `redact` reads them. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => pathsOf(v, prefix)))];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...pathsOf(v, path)];
  });
}

function refusals(data: FailureCase): string[] {
  const found: string[] = [];
  const record = { file: 'cases/FC-0101-x.yaml', data, body: '', bodyLine: 1, sections: [] };
  checkRedact(record, {} as RuleContext, (_rule, _path, message) => found.push(message));
  return found;
}

describe('redacting any field', () => {
  const full = makeCase({
    visibility: 'public',
    narrative: { diagnosis: 'The cast.' },
    related: ['FC-0102'],
    tags: ['etl'],
  } as never);
  const paths = pathsOf(full).filter((p) => p !== 'redact' && p !== 'visibility');

  it('is refused for the fields every case or entry must have, with the field named', () => {
    for (const path of [
      'id',
      'title',
      'summary',
      'status',
      'severity',
      'occurred_at',
      'safeguards.applies_to',
    ]) {
      expect(refusals({ ...full, redact: [path] }).join('\n')).toContain(`\`${path}\` cannot be redacted`);
    }
    expect(refusals({ ...full, redact: ['safeguards', 'impact', 'narrative'] })).toEqual([]);
  });

  it('otherwise publishes, exports, imports back and feeds the risk check', async () => {
    const { config } = await validateCatalog(FIXTURE_CATALOG, fsReader);
    let accepted = 0;
    for (const path of paths) {
      const data = { ...structuredClone(full), redact: [path] };
      if (refusals(data).length > 0) continue;
      accepted++;
      const record: CaseRecord = {
        file: 'cases/FC-0101-x.yaml',
        format: 'yaml',
        data,
        body: '',
        bodyLine: 1,
        sections: [{ id: 'diagnosis', title: 'Diagnosis', text: 'The cast.', line: 0 }],
      };
      const [shown] = casesForAudience([record], 'public');
      expect(shown, path).toBeDefined();
      const site = buildSiteModel(config, [{ record: shown!, history: [] }], '2025-06-01');
      expect(site.cases.length, path).toBe(1);
      searchRecordOf({ record: shown!, history: [] }, { mode: new Map(), checklist: new Map() });
      renderCsv([shown!.data], (id) => id);
      renderAtom({ title: 't', feedUrl: 'f', siteUrl: 's', caseUrl: (id) => id, cases: [shown!.data] });
      const doc = JSON.parse(JSON.stringify(exportCatalog(config as never, [record], 'public')));
      const back = importCatalog(doc, `redact ${path}`);
      matchCase(slimCase(back.cases[0]!.data), { manifest: { model: 'churn-xgb' } as never });
    }
    expect(accepted).toBeGreaterThan(20);
  });
});
