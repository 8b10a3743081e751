/** The reference the fast YAML path is held to: js-yaml's value under the core schema, or THROWS. */
import jsyaml from 'js-yaml';

/** What `reference` returns where js-yaml throws. */
export const THROWS = Symbol('throws');

/** js-yaml's value of a document (core schema, as failcat parses), or THROWS. */
export function reference(text: string): unknown {
  try {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return THROWS;
  }
}
