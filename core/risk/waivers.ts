/**
 * Waivers written in a PR description: a fenced block with the info string
 * `failcat-waivers` holding the list a manifest's `waivers` holds, checked against the
 * same schema, so a reviewer can accept a risk in the PR itself.
 */
import type { Finding, PendingFinding } from '../model/findings.ts';
import type { Waiver } from '../model/schema-types.ts';
import { validateSchema } from '../model/schemas.ts';
import { parseSourceText } from '../parse/source.ts';
import { positionFindings } from '../validate/catalog-config.ts';

/** How findings name the PR description, which has no file. */
export const PR_BODY_FILE = 'PR description';

/** The info string of a waiver block. */
export const WAIVER_FENCE = 'failcat-waivers';

/** Most bytes of waiver YAML read from one PR description. */
const MAX_BLOCK = 64 * 1024;

/** The waiver blocks of a PR description: their YAML and the line of the body each starts after. */
function waiverBlocks(body: string): { yaml: string; line: number }[] {
  const blocks: { yaml: string; line: number }[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s{0,3}(`{3,}|~{3,})\s*([\w-]+)?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.trim().startsWith(fence)) end++;
    if (open[2] === WAIVER_FENCE) blocks.push({ yaml: lines.slice(i + 1, end).join('\n'), line: i + 1 });
    i = end;
  }
  return blocks;
}

/**
 * The waivers of a PR description's `failcat-waivers` blocks. Never throws: a block that is
 * not YAML or not a list of waivers gives warnings at its line and adds no waiver.
 */
export function readBodyWaivers(body: string | undefined): { waivers: Waiver[]; findings: Finding[] } {
  const waivers: Waiver[] = [];
  const findings: Finding[] = [];
  if (!body || !body.includes(WAIVER_FENCE)) return { waivers, findings };
  for (const block of waiverBlocks(body)) {
    const src = parseSourceText(PR_BODY_FILE, block.yaml.slice(0, MAX_BLOCK), 'yaml');
    const pending: PendingFinding[] = [...src.findings];
    if (src.data !== undefined && pending.every((f) => f.severity !== 'error')) {
      // The manifest's schema checks the list, so both places take the same waivers.
      for (const f of validateSchema('deploy', PR_BODY_FILE, { model: 'x', waivers: src.data })) {
        pending.push({ ...f, path: f.path.slice(1) });
      }
    }
    const located = positionFindings(src, pending).map((f): Finding => ({
      ...f,
      line: f.line + block.line,
      rule: 'waiver-invalid',
      severity: 'warning',
      hint: `The waivers of this \`${WAIVER_FENCE}\` block were not applied. Write a YAML list of waivers (item or case, reason, approver, expires: YYYY-MM-DD).`,
    }));
    if (located.length > 0) findings.push(...located);
    else waivers.push(...(src.data as Waiver[]));
  }
  return { waivers, findings };
}
