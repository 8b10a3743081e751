/** `date-invalid` and `date-order`: every date exists, and they come in the order events happen. */
import type { CaseRule } from './types.ts';
import { isBefore, parseDate } from '../../model/dates.ts';
import type { Path } from '../../model/paths.ts';

/** Checks each date of the case, the order occurred, detected, resolved, the timeline's order and the status. */
export const checkDates: CaseRule = ({ data }, _ctx, add) => {
  // Paths are built only for findings: this runs for every date of every case.
  const parsed = (value: string, path: () => Path): number | undefined => {
    const t = parseDate(value);
    if (t === undefined) {
      add(
        'date-invalid',
        path(),
        `\`${value}\` is not a real date.`,
        'Check the day and month: ISO 8601 is YYYY-MM-DD.',
      );
    }
    return t;
  };
  const top = {
    occurred_at: data.occurred_at === undefined ? undefined : parsed(data.occurred_at, () => ['occurred_at']),
    detected_at: data.detected_at === undefined ? undefined : parsed(data.detected_at, () => ['detected_at']),
    resolved_at: data.resolved_at === undefined ? undefined : parsed(data.resolved_at, () => ['resolved_at']),
  };
  const timeline = data.timeline?.map((entry, i) => parsed(entry.at, () => ['timeline', i, 'at']));
  data.corrective_actions?.forEach((a, i) => {
    if (a.due !== undefined) parsed(a.due, () => ['corrective_actions', i, 'due']);
  });
  const order: ['occurred_at' | 'detected_at', 'detected_at' | 'resolved_at'][] = [
    ['occurred_at', 'detected_at'],
    ['detected_at', 'resolved_at'],
    ['occurred_at', 'resolved_at'],
  ];
  for (const [earlier, later] of order) {
    const a = top[earlier];
    const b = top[later];
    if (a !== undefined && b !== undefined && isBefore(data[later]!, b, data[earlier]!, a)) {
      add(
        'date-order',
        [later],
        `\`${later}\` (${data[later]}) is before \`${earlier}\` (${data[earlier]}).`,
        `A failure is ${later === 'detected_at' ? 'detected after it occurs' : 'resolved after it occurs and is detected'}: check both dates and their time zones.`,
      );
      break;
    }
  }
  let previous: { at: string; t: number } | undefined;
  data.timeline?.forEach((entry, i) => {
    const t = timeline![i];
    if (t !== undefined && previous !== undefined && isBefore(entry.at, t, previous.at, previous.t)) {
      add(
        'date-order',
        ['timeline', i, 'at'],
        `Timeline entry ${i + 1} (${entry.at}) is before the entry above it.`,
        'List timeline entries in the order they happened.',
      );
    }
    if (t !== undefined) previous = { at: entry.at, t };
  });
  if (data.resolved_at !== undefined && data.status !== 'resolved' && data.status !== 'wont-fix') {
    add(
      'date-order',
      ['resolved_at'],
      `The case has \`resolved_at\` but its status is \`${data.status}\`.`,
      'Set status to resolved (or wont-fix), or remove resolved_at until the failure is resolved.',
    );
  }
};
