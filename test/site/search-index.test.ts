import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/validate/catalog.ts';
import type { CatalogConfig } from '../../core/validate/config.ts';
import { caseForAudience } from '../../core/publish/export.ts';
import { markdownToText } from '../../core/publish/markdown.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';
import { searchLabels, searchRecordOf, segmentCjk } from '../../core/publish/search-index.ts';
import { facetValuesOf } from '../../core/publish/site-model.ts';

const CONFIG: CatalogConfig = {
  policy: { id_prefix: 'FC', severities: [{ id: 'SEV2', label: 'Major', weight: 5, description: 'x' }] },
  taxonomy: {
    failure_modes: [{ id: 'drift', name: 'Data drift', description: 'x' }],
    root_cause_layers: [{ id: 'data', name: 'Data', description: 'x' }],
    detection_methods: [],
  },
  checklist: { items: [{ id: 'gate', title: 'Gate on slices', description: 'x' }] },
};

function makeRecord(overrides: Partial<FailureCase>, sections: CaseRecord['sections'] = []): CaseRecord {
  const data: FailureCase = {
    id: 'FC-0007',
    title: 'Night fraud declines',
    summary: 'The fraud model declined night purchases.',
    status: 'resolved',
    severity: 'SEV2',
    occurred_at: '2025-01-10T03:00:00Z',
    ...overrides,
  };
  return { file: 'cases/FC-0007.md', format: 'markdown', data, body: '', bodyLine: 1, sections };
}

describe('searchRecordOf', () => {
  const record = makeRecord(
    {
      failure_modes: ['drift'],
      root_causes: [{ layer: 'data', description: 'A stale lookup table.' }],
      system: { model: 'fraud-gbm', model_version: '2.1' },
      data: { sources: ['txns'] },
      safeguards: [{ check: 'gate', applies_to: { models: ['fraud-*'] } }],
      retraining_plan: { status: 'in-progress', owner: 'Fraud ML', data_changes: ['add night traffic'] },
      evidence: {
        slice_metrics: [
          { column: 'hour_bucket', value: '02-05', metrics: { support: 9 }, flags: ['fpr-above'] },
          { column: 'hour_bucket', value: '12-17', metrics: { support: 9 }, flags: ['fpr-below'] },
        ],
        hard_examples: [{ ref: 'T20250614005868', kind: 'hard-negative', label: '0', score: 0.9 }],
      },
    },
    [
      {
        id: 'diagnosis',
        title: 'Diagnosis',
        text: 'The **threshold** was [tuned](https://x.example) by day.',
        line: 3,
      },
    ],
  );
  const r = searchRecordOf({ record, history: [] }, searchLabels(CONFIG));

  it('gives the URL without the base path, the result meta and the list facets as filters', () => {
    expect(r.url).toBe('/cases/FC-0007/');
    expect(r.language).toBe('en');
    expect(r.meta).toEqual({ title: 'FC-0007: Night fraud declines', date: '2025-01-10' });
    expect(r.filters).toEqual(facetValuesOf(record.data));
  });

  it('holds the words of the case page, with names for ids and Markdown as plain words', () => {
    for (const text of [
      'Night fraud declines',
      'The fraud model declined night purchases.',
      'Data drift',
      'A stale lookup table.',
      'fraud-gbm, 2.1, txns, Data drift',
      'Gate on slices',
      'add night traffic',
      'The threshold was tuned by day.',
      'hour_bucket 02-05',
      'T20250614005868',
    ])
      expect(r.content).toContain(text);
    expect(r.content).not.toContain('12-17');
    expect(r.content).not.toContain('https://x.example');
    expect(r.content).not.toContain('**');
  });

  it('leaves out what the public audience may not see (the record comes after caseForAudience)', () => {
    const secret = makeRecord(
      {
        visibility: 'public',
        impact: { description: 'Lost a vendorsecretword contract.' },
        redact: ['impact.description', 'narrative.notes'],
      },
      [{ id: 'notes', title: 'Notes', text: 'hiddennarrativeword', line: 5 }],
    );
    const shown = caseForAudience(secret, 'public')!;
    const content = searchRecordOf({ record: shown, history: [] }, searchLabels(CONFIG)).content;
    expect(content).not.toContain('vendorsecretword');
    expect(content).not.toContain('hiddennarrativeword');
    expect(searchRecordOf({ record: secret, history: [] }, searchLabels(CONFIG)).content).toContain(
      'vendorsecretword',
    );
  });
});

describe('markdownToText', () => {
  it('keeps the words and drops the syntax', () => {
    expect(
      markdownToText(
        '# Heading\n\n- [x] done item\n1. first\n> quoted *text*\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```js\ncode()\n```\n![alt text](x.png) <b>bold</b> <https://e.example>',
      ),
    ).toBe('Heading\ndone item\nfirst\nquoted text\na b\n1 2\ncode()\nalt text bold https://e.example');
  });
});

describe('segmentCjk', () => {
  it('splits Chinese and Japanese runs into words and leaves other text alone', () => {
    expect(segmentCjk('货运自行车被编码为未知车辆类型')).toBe(' 货运 自行 车 被 编码 为 未知 车辆 类型 ');
    expect(segmentCjk('夜間の取引を不正と判定した')).toContain(' 取引 ');
    expect(segmentCjk('model 3.4 在夜间 failed')).toBe('model 3.4  在 夜间  failed');
    expect(segmentCjk('Plain English, 한국어 띄어쓰기.')).toBe('Plain English, 한국어 띄어쓰기.');
  });
});

describe('search records of any text (issue 13, item 8)', () => {
  it('are well-formed Unicode that Pagefind indexes, even with a lone surrogate or control character', async () => {
    const { indexRecords } = await import('../../site/build/search-index.ts');
    const { makeTemp, removeTemp } = await import('../helpers/catalog.ts');
    const record = searchRecordOf(
      {
        record: makeRecord(
          { title: 'Lone \uD800 surrogate', summary: 'Bell \x07 and \uDFFF', tags: ['t\uD800'] },
          [{ id: 'impact', title: 'Impact', text: 'Escape \x1b[2J and \uFFFE', line: 0 }],
        ),
        history: [],
      },
      searchLabels(CONFIG),
    );
    const text = JSON.stringify(record);
    expect(text).not.toMatch(/\\ud[89a-f]|\\u000[0-8]|\\u001b|\uFFFE/i);
    expect(record.content).toContain('Lone \uFFFD surrogate');
    const out = await makeTemp('failcat-pagefind-');
    try {
      await expect(indexRecords([record], out)).resolves.toBe(1);
    } finally {
      await removeTemp(out);
    }
  });
});
