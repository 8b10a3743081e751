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
