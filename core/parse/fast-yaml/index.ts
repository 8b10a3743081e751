/**
 * The fast YAML path's one entry point (README.md in this folder): the rest of failcat
 * reads YAML through these functions, never through parser.ts, so the switch below turns
 * the whole path off. Off, every document goes to js-yaml and every position to the
 * `yaml` package, with the same results.
 */
import {
  BAIL,
  parseFastYaml as parse,
  positionsOfFastYaml as positions,
  type PositionMap,
} from './parser.ts';

export { BAIL, positionKey, type Position, type PositionMap } from './parser.ts';

/** Whether the fast path is on in this thread; each worker thread is told by its pool. */
let enabled = true;

/**
 * Turns the fast path on or off for this thread. Core reads no environment: the edges
 * read `FAILCAT_FAST_YAML=0` (node/environment.ts) and call this.
 */
export function setFastYaml(on: boolean): void {
  enabled = on;
}

/** Whether the fast path is on in this thread (the default). */
export function fastYamlEnabled(): boolean {
  return enabled;
}

/**
 * Parses a YAML document in the fast subset, or returns BAIL: outside the subset, or
 * always when the switch is off. The document is `text`, or its part from `from` to `to`
 * (a Markdown file's frontmatter, read in place). With `recorded`, the positions of the
 * keys and values under the top-level keys `under` go into `recorded.positions` as it reads.
 */
export function parseFastYaml(
  text: string,
  from = 0,
  to = text.length,
  recorded?: { positions: PositionMap; under: ReadonlySet<string> },
): unknown {
  return enabled ? parse(text, from, to, recorded) : BAIL;
}

/**
 * Where every key and value of a document in the fast subset starts, or undefined
 * outside it or when the switch is off (the caller then asks the `yaml` package).
 */
export function positionsOfFastYaml(text: string): PositionMap | undefined {
  return enabled ? positions(text) : undefined;
}
