import { describe, expect, it } from 'vitest';
import type { CatalogConfig } from '../../core/validate/config.ts';
import type { FailureCase } from '../../core/model/schema-types.ts';
import { caseRecord } from '../helpers/catalog.ts';
import {
  buildCaseListIndex,
  buildSiteModel,
  facetValuesOf,
  findSimilarCases,
  type SiteCase,
} from '../../core/publish/site-model.ts';

const CONFIG: CatalogConfig = {
  policy: {
    id_prefix: 'FC',
    severities: [
      { id: 'SEV1', label: 'Critical', weight: 10, description: 'x' },
      { id: 'SEV2', label: 'Major', weight: 5, description: 'x' },
    ],
  },
  taxonomy: {
    failure_modes: [
      { id: 'drift', name: 'Drift', description: 'x' },
      { id: 'leak', name: 'Leakage', description: 'x' },
    ],
    root_cause_layers: [
      { id: 'data', name: 'Data', description: 'x' },
      { id: 'process', name: 'Process', description: 'x' },
    ],
    detection_methods: [],
  },
  checklist: { items: [{ id: 'gate', title: 'Gate on slices', description: 'x' }] },
};

function makeCase(overrides: Partial<FailureCase>): SiteCase {
  const data: FailureCase = {
    id: 'FC-0001',
    title: 'A case title',
    summary: 'A summary of the case.',
    status: 'resolved',
    severity: 'SEV2',
    occurred_at: '2025-01-10',
    ...overrides,
  };
  return { record: caseRecord(data), history: [] };
}

const CASES = [
  makeCase({
    id: 'FC-0001',
    severity: 'SEV1',
    occurred_at: '2025-01-10T00:00:00Z',
    detected_at: '2025-01-10T10:00:00Z',
    resolved_at: '2025-01-11T10:00:00Z',
    failure_modes: ['drift', 'leak'],
    root_causes: [
      { layer: 'data', description: 'x'.repeat(10) },
      { layer: 'data', description: 'y'.repeat(10) },
    ],
    system: { model: 'Fraud GBM' },
    data: { sources: ['txns'] },
    safeguards: [{ check: 'gate', applies_to: { models: ['*'] } }],
    corrective_actions: [
      { category: 'detection', action: 'Add an alert', owner: 'team', status: 'open', due: '2025-02-01' },
      { category: 'prevention', action: 'Add a gate', owner: 'team', status: 'open', due: '2099-01-01' },
      { category: 'process', action: 'Write a doc', owner: 'team', status: 'done' },
    ],
  }),
  makeCase({
    id: 'FC-0002',
    occurred_at: '2025-03-05',
    failure_modes: ['drift'],
    root_causes: [{ layer: 'process', description: 'x'.repeat(10) }],
    system: { model: 'fraud-gbm' },
    corrective_actions: [
      { category: 'detection', action: 'Add a monitor', owner: 'team', status: 'in-progress' },
    ],
  }),
  makeCase({ id: 'FC-0003', occurred_at: '2024-12-01', severity: 'SEV9' }),
];

describe('buildSiteModel', () => {
  const model = buildSiteModel(CONFIG, CASES, '2025-06-01');

  it('orders cases newest first', () => {
    expect(model.cases.map((c) => c.record.data.id)).toEqual(['FC-0002', 'FC-0001', 'FC-0003']);
  });

  it('counts facets, severities in policy order, with taxonomy names', () => {
    expect(model.facets.severity.map((f) => [f.value, f.count])).toEqual([
      ['SEV1', 1],
      ['SEV2', 1],
      ['SEV9', 1],
    ]);
    expect(model.facets.severity[0]!.label).toBe('SEV1 Critical');
    expect(model.facets.mode).toEqual([
      { value: 'drift', label: 'Drift', count: 2 },
      { value: 'leak', label: 'Leakage', count: 1 },
    ]);
    // A case with two root causes at one layer counts once.
    expect(model.facets.layer.find((f) => f.value === 'data')!.count).toBe(1);
  });

  it('groups cases under terms, models (with unique slugs) and checklist items', () => {
    expect(model.failureModes.find((g) => g.id === 'drift')!.caseIds).toEqual(['FC-0002', 'FC-0001']);
    expect(model.checklist[0]!.caseIds).toEqual(['FC-0001']);
    expect(model.models.map((m) => [m.name, m.slug])).toEqual([
      ['Fraud GBM', 'fraud-gbm'],
      ['fraud-gbm', 'fraud-gbm-2'],
    ]);
  });

  it('lists open actions, overdue first, then by due date, undated last', () => {
    expect(model.openActions.map((a) => [a.action, a.overdue])).toEqual([
      ['Add an alert', true],
      ['Add a gate', false],
      ['Add a monitor', false],
    ]);
  });

  it('builds the dashboard series', () => {
    const d = model.dashboard;
    expect(d.modes).toEqual(['drift', 'leak']);
    expect(d.layers).toEqual(['data', 'process']);
    expect(d.modeByLayer).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(d.periods).toEqual(['2024-12', '2025-01', '2025-02', '2025-03']);
    expect(d.bySeverity).toEqual([
      { name: 'SEV1', values: [0, 1, 0, 0] },
      { name: 'SEV2', values: [0, 0, 0, 1] },
      { name: 'SEV9', values: [1, 0, 0, 0] },
    ]);
    expect(d.hoursToDetect).toEqual([null, 10, null, null]);
    expect(d.hoursToResolve).toEqual([null, 24, null, null]);
  });

  it('switches to yearly periods for a long catalog', () => {
    const long = buildSiteModel(
      CONFIG,
      [
        makeCase({ id: 'FC-0001', occurred_at: '2015-01-01' }),
        makeCase({ id: 'FC-0002', occurred_at: '2025-01-01' }),
      ],
      '2025-06-01',
    );
    expect(long.dashboard.periods).toHaveLength(11);
    expect(long.dashboard.periods[0]).toBe('2015');
  });

  it('handles an empty catalog', () => {
    const empty = buildSiteModel(CONFIG, [], '2025-06-01');
    expect(empty.dashboard.periods).toEqual([]);
    expect(empty.stats.cases).toBe(0);
  });
});

describe('facetValuesOf', () => {
  it('gives each facet its values, unique layers, empty lists when absent', () => {
    expect(facetValuesOf(CASES[0]!.record.data)).toEqual({
      severity: ['SEV1'],
      status: ['resolved'],
      mode: ['drift', 'leak'],
      layer: ['data'],
      model: ['Fraud GBM'],
      source: ['txns'],
    });
    expect(facetValuesOf(CASES[2]!.record.data).model).toEqual([]);
  });
});

describe('findSimilarCases', () => {
  const base = { status: 'resolved' as const, severity: 'SEV2', occurred_at: '2025-01-01' };
  it('pairs cases that share most tokens and leaves unrelated ones alone', () => {
    const similar = findSimilarCases([
      {
        ...base,
        id: 'FC-0001',
        title: 'Fraud model blocked night card payments',
        summary: 'Night card payments blocked by the fraud model threshold.',
      },
      {
        ...base,
        id: 'FC-0002',
        title: 'Fraud model blocked night card payments again',
        summary: 'Night card payments blocked by the fraud model threshold again.',
      },
      {
        ...base,
        id: 'FC-0003',
        title: 'Translation service mangled product pages',
        summary: 'Product pages in German lost their umlauts after an encoding change.',
      },
    ]);
    expect(similar.get('FC-0001')!.map((s) => s.id)).toEqual(['FC-0002']);
    expect(similar.get('FC-0001')![0]!.similarity).toBeGreaterThan(0.7);
    expect(similar.has('FC-0003')).toBe(false);
  });
});

describe('buildCaseListIndex', () => {
  it('gives one compact row per case, in order, whose positions decode to the facet values', () => {
    const model = buildSiteModel(CONFIG, CASES, '2025-06-01');
    const index = buildCaseListIndex(model.cases, (s) => `badge ${s.toLowerCase()}`, model.facets);
    expect(index.rows.map((r) => r[0])).toEqual(model.cases.map((c) => c.record.data.id));
    for (const [i, [id, title, date, positions]] of index.rows.entries()) {
      const data = model.cases[i]!.record.data;
      expect([id, title, date]).toEqual([data.id, data.title, data.occurred_at.slice(0, 10)]);
      const decoded = Object.fromEntries(
        index.facets.map((key, f) => [key, positions[f]!.map((p) => index.values[f]![p])]),
      );
      expect(decoded).toEqual(facetValuesOf(data));
    }
    const severity = index.facets.indexOf('severity');
    expect(index.severityClasses).toEqual(index.values[severity]!.map((s) => `badge ${s.toLowerCase()}`));
    // Labels only where they differ from the values: the taxonomy's names of failure modes.
    for (const [f, key] of index.facets.entries()) {
      const expected = index.values[f]!.map((v) => model.facets[key].find((x) => x.value === v)!.label);
      if (expected.every((label, i) => label === index.values[f]![i])) expect(index.labels[f]).toBeNull();
      else expect(index.labels[f]).toEqual(expected);
    }
    expect(index.labels[index.facets.indexOf('mode')]).not.toBeNull();
  });
});
