/** Catalog figures. */
import { describe, expect, it } from 'vitest';
import { computeStats, hoursBetween, isOpenAction, median } from '../../core/publish/stats.ts';
import { caseRecord, makeCase } from '../helpers/catalog.ts';

const record = caseRecord;

describe('stats', () => {
  it('takes the median of odd, even and empty lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('measures hours between dates and time zones', () => {
    expect(hoursBetween('2025-01-01', '2025-01-02')).toBe(24);
    expect(hoursBetween('2025-01-01T00:00:00+02:00', '2025-01-01T00:00:00Z')).toBe(2);
    expect(hoursBetween('2025-01-01', undefined)).toBeUndefined();
    expect(hoursBetween('2025-02-30', '2025-03-01')).toBeUndefined();
  });

  it('counts facets, open and overdue actions, and medians', () => {
    const action = (status: string, due?: string) => ({
      category: 'prevention' as const,
      action: 'Do the thing.',
      owner: 'team',
      status: status as 'open',
      ...(due ? { due } : {}),
    });
    const cases = [
      makeCase({
        id: 'FC-0001',
        occurred_at: '2025-01-01T00:00:00Z',
        detected_at: '2025-01-01T10:00:00Z',
        resolved_at: '2025-01-02T10:00:00Z',
        root_causes: [
          { layer: 'data', description: 'first data cause' },
          { layer: 'data', description: 'second data cause' },
        ],
        corrective_actions: [action('open', '2025-06-30'), action('done', '2025-01-01')],
      }),
      makeCase({
        id: 'FC-0002',
        severity: 'SEV2',
        status: 'investigating',
        failure_modes: ['data-drift', 'corrupt-feature'],
        occurred_at: '2025-01-01T00:00:00Z',
        detected_at: '2025-01-01T02:00:00Z',
        resolved_at: undefined,
        corrective_actions: [
          action('in-progress', '2025-07-02'),
          action('open'),
          action('dropped', '2025-01-01'),
        ],
      }),
      makeCase({
        id: 'FC-0003',
        detected_at: undefined,
        resolved_at: undefined,
        root_causes: undefined,
        corrective_actions: undefined,
      }),
    ].map(record);
    expect(computeStats(cases, '2025-07-01')).toEqual({
      cases: 3,
      bySeverity: { SEV3: 2, SEV2: 1 },
      byStatus: { resolved: 2, investigating: 1 },
      byFailureMode: { 'corrupt-feature': 3, 'data-drift': 1 },
      byLayer: { data: 1, 'feature-engineering': 1 },
      openActions: 3,
      overdueActions: 1,
      medianHoursToDetect: 6,
      medianHoursToResolve: 24,
    });
  });

  it('knows which action statuses are open', () => {
    expect(['open', 'in-progress', 'done', 'dropped'].map(isOpenAction)).toEqual([true, true, false, false]);
  });
});
