/**
 * Settings users give through environment variables, read here at the edge and handed to
 * core, which reads no environment. Each front calls applyEnvironment once at its start;
 * worker threads get the settings from their pool (node/pool/pool.ts), not from here.
 */
import { setFastYaml } from '../core/parse/fast-yaml/index.ts';

/** `FAILCAT_FAST_YAML=0` turns the fast YAML path off (core/parse/fast-yaml/README.md). */
export const FAST_YAML_VARIABLE = 'FAILCAT_FAST_YAML';

/** Applies the failcat settings found in `env` to core. */
export function applyEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): void {
  setFastYaml(env[FAST_YAML_VARIABLE] !== '0');
}

/** `FAILCAT_TODAY=YYYY-MM-DD` sets the day the risk check counts recency and waiver expiry from. */
export const TODAY_VARIABLE = 'FAILCAT_TODAY';

/**
 * Today as the risk check counts it: FAILCAT_TODAY when set (tests, reproducing a past
 * run), the clock's date otherwise. Throws on a value that is not a date.
 */
export function todayOf(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const set = env[TODAY_VARIABLE]?.trim();
  if (!set) return new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(set) || Number.isNaN(Date.parse(set)))
    throw new Error(`${TODAY_VARIABLE} must be a date (YYYY-MM-DD); got "${set}".`);
  return set;
}
