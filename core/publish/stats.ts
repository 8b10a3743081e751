/** Catalog figures: counts by facet, corrective actions, time to detect and to resolve. */
import type { CaseRecord } from '../validate/catalog.ts';
import { parseDate } from '../model/dates.ts';

/** The figures `failcat stats` prints and the site's home and dashboard show. */
export interface CatalogStats {
  cases: number;
  bySeverity: Record<string, number>;
  byStatus: Record<string, number>;
  byFailureMode: Record<string, number>;
  byLayer: Record<string, number>;
  /** Corrective actions with status open or in-progress. */
  openActions: number;
  /** Open actions whose due date is before today. */
  overdueActions: number;
  /** Median hours from occurred_at to detected_at, over cases that have both. */
  medianHoursToDetect: number | null;
  /** Median hours from detected_at to resolved_at, over cases that have both. */
  medianHoursToResolve: number | null;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Median of a list of numbers, or null when it is empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const HOUR = 3_600_000;

/** Hours between two ISO dates, or undefined when either is missing or invalid. */
export function hoursBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const a = parseDate(from);
  const b = parseDate(to);
  return a === undefined || b === undefined ? undefined : (b - a) / HOUR;
}

/** Whether a corrective action is still to do. */
export function isOpenAction(status: string): boolean {
  return status === 'open' || status === 'in-progress';
}

/** Computes the catalog's figures as of `today` (YYYY-MM-DD). */
export function computeStats(cases: readonly CaseRecord[], today: string): CatalogStats {
  const stats: CatalogStats = {
    cases: cases.length,
    bySeverity: {},
    byStatus: {},
    byFailureMode: {},
    byLayer: {},
    openActions: 0,
    overdueActions: 0,
    medianHoursToDetect: null,
    medianHoursToResolve: null,
  };
  const detect: number[] = [];
  const resolve: number[] = [];
  const now = parseDate(today) ?? Date.now();
  for (const { data } of cases) {
    bump(stats.bySeverity, data.severity);
    bump(stats.byStatus, data.status);
    for (const mode of data.failure_modes ?? []) bump(stats.byFailureMode, mode);
    for (const layer of new Set((data.root_causes ?? []).map((c) => c.layer))) bump(stats.byLayer, layer);
    for (const action of data.corrective_actions ?? []) {
      if (!isOpenAction(action.status)) continue;
      stats.openActions++;
      const due = action.due ? parseDate(action.due) : undefined;
      if (due !== undefined && due < now) stats.overdueActions++;
    }
    const d = hoursBetween(data.occurred_at, data.detected_at);
    if (d !== undefined) detect.push(d);
    const r = hoursBetween(data.detected_at, data.resolved_at);
    if (r !== undefined) resolve.push(r);
  }
  stats.medianHoursToDetect = median(detect);
  stats.medianHoursToResolve = median(resolve);
  return stats;
}
