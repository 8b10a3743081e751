/** Dates as cases write them: ISO 8601 dates and date-times, read strictly and compared by day. */

/** Milliseconds since the epoch of an ISO 8601 date or date-time, or undefined when no such day exists. */
export function parseDate(value: string): number | undefined {
  const fast = parseIsoDateTime(value);
  if (fast !== undefined) return fast;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  if (value.length <= 10) return day.getTime();
  const t = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Whether date `a` (parsed: `ta`) is before date `b`. A date without a time means "some time
 * that day", so it is compared by day with the date as written: `2025-03-02` is not before
 * `2025-03-02T04:00:00Z`.
 */
export function isBefore(a: string, ta: number, b: string, tb: number): boolean {
  if (a.length <= 10 || b.length <= 10) return a.slice(0, 10) < b.slice(0, 10);
  return ta < tb;
}

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * parseDate's fast path for the common forms, `YYYY-MM-DD`, `YYYY-MM-DDThh:mmZ` and
 * `YYYY-MM-DDThh:mm:ssZ`, read by character codes: milliseconds when every part is in
 * range, else undefined (parseDate then takes the general route, which also reports).
 */
function parseIsoDateTime(value: string): number | undefined {
  const n = value.length;
  if (!(n === 10 || n === 17 || n === 20) || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45)
    return undefined;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return undefined;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > MONTH_DAYS[mo - 1]! + (mo === 2 && leap ? 1 : 0)) return undefined;
  if (n === 10) return Date.UTC(y, mo - 1, d);
  if (
    value.charCodeAt(10) !== 84 /* T */ ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(n - 1) !== 90 /* Z */
  )
    return undefined;
  const h = digitsAt(value, 11, 2);
  const mi = digitsAt(value, 14, 2);
  const sec = n === 20 && value.charCodeAt(16) === 58 ? digitsAt(value, 17, 2) : n === 17 ? 0 : -1;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}
