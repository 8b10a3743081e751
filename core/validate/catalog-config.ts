/**
 * A catalog folder's configuration files and the list of its case files, and the
 * positions of findings in a parsed file: what the risk check needs of a catalog besides
 * its cases, apart from the case rules (catalog.ts), so a command that only checks a
 * deployment loads no rule, no Markdown parser and no similarity search.
 */
import {
  CONFIG_FILES,
  createRuleContext,
  readConfigFile,
  type CatalogConfig,
  type RuleContext,
} from './config.ts';
import type { Finding, PendingFinding } from '../model/findings.ts';
import type { Checklist, Policy } from '../model/schema-types.ts';
import { joinPath, readOrRefuse, type CatalogReader } from '../model/files.ts';
import { formatOf, lineIndexOf, locate, type ParsedSource } from '../parse/source.ts';

/** Resolves the positions of pending findings against their parsed source. */
export function positionFindings(src: ParsedSource, pending: PendingFinding[]): Finding[] {
  // One line index and one position map per file, however many findings it has.
  return pending.map(({ path, atKey, line, column, needle, ...rest }) => {
    if (line !== undefined) return { ...rest, line, column: column ?? 1 };
    const pos = locate(src, path, atKey);
    if (needle) {
      // Point at the match itself when the value spans lines (block scalars).
      const lines = lineIndexOf(src);
      const at = src.text.indexOf(needle, lines.offset(pos.line, pos.column));
      if (at !== -1) return { ...rest, ...lines.position(at) };
    }
    return { ...rest, ...pos };
  });
}

/** The configuration of a catalog folder, its rule context, and the findings about it. */
export async function loadConfig(
  catalogDir: string,
  reader: CatalogReader,
): Promise<{ config: CatalogConfig; ctx: RuleContext; findings: Finding[] }> {
  const config: CatalogConfig = {};
  const findings: Finding[] = [];
  const sources = new Map<string, ParsedSource>();
  for (const kind of Object.keys(CONFIG_FILES) as (keyof typeof CONFIG_FILES)[]) {
    const file = joinPath(catalogDir, CONFIG_FILES[kind]);
    const bytes = await readOrRefuse(reader, file);
    if (bytes !== undefined && !(bytes instanceof Uint8Array)) {
      findings.push(bytes);
      continue;
    }
    const result = readConfigFile(kind, file, bytes);
    (config as Record<string, unknown>)[kind] = result.data;
    if (result.source) sources.set(kind, result.source);
    findings.push(
      ...(result.source
        ? positionFindings(result.source, result.findings)
        : result.findings.map(placeAtStart)),
    );
  }
  const { policy, checklist } = config;
  if (policy && checklist) {
    for (const [kind, pending] of [
      ['policy', blockingPolicyRefs(joinPath(catalogDir, CONFIG_FILES.policy), policy, checklist)],
      ['checklist', blockingChecklistRefs(joinPath(catalogDir, CONFIG_FILES.checklist), policy, checklist)],
    ] as const) {
      if (pending.length > 0) findings.push(...positionFindings(sources.get(kind)!, pending));
    }
  }
  return { config, ctx: createRuleContext(config), findings };
}

/** The policy's blocking items must be checklist items, or they would block nothing. */
function blockingPolicyRefs(file: string, policy: Policy, checklist: Checklist): PendingFinding[] {
  const items = new Set(checklist.items.map((i) => i.id));
  return (policy.risk?.blocking ?? []).flatMap((b, i): PendingFinding[] =>
    items.has(b.item)
      ? []
      : [
          {
            file,
            path: ['risk', 'blocking', i, 'item'],
            rule: 'checklist-ref',
            severity: 'error',
            message: `Blocking item \`${b.item}\` is not a checklist item.`,
            hint: 'Name an item id from checklist.yaml.',
          },
        ],
  );
}

/** A checklist item blocking from a severity must name one the policy defines. */
function blockingChecklistRefs(file: string, policy: Policy, checklist: Checklist): PendingFinding[] {
  const severities = new Set(policy.severities.map((s) => s.id));
  return checklist.items.flatMap((item, i): PendingFinding[] => {
    const from = typeof item.blocking === 'object' ? item.blocking.from_severity : undefined;
    return from === undefined || severities.has(from)
      ? []
      : [
          {
            file,
            path: ['items', i, 'blocking', 'from_severity'],
            rule: 'severity-ref',
            severity: 'error',
            message: `Item \`${item.id}\` blocks from severity \`${from}\`, which policy.yaml does not define.`,
            hint: `Use one of: ${[...severities].join(', ')}.`,
          },
        ];
  });
}

export function placeAtStart({ path: _path, atKey: _atKey, line, column, ...rest }: PendingFinding): Finding {
  return { ...rest, line: line ?? 1, column: column ?? 1 };
}

/** The case files of a catalog: Markdown and YAML files under `cases/`, sorted. */
export async function listCaseFiles(catalogDir: string, reader: CatalogReader): Promise<string[]> {
  const files = await reader.list(joinPath(catalogDir, 'cases'));
  const isCase = caseFileTest(catalogDir);
  // A folder that could not be listed stays, so reading it reports it.
  return files.filter((f) => isCase(f) || f.endsWith('/')).sort();
}

/**
 * Whether a path, spelt as the catalog's listing spells it, is one of the catalog's case
 * files: Markdown or YAML under `cases/`, with no part of its path there hidden.
 */
export function caseFileTest(catalogDir: string): (file: string) => boolean {
  const cases = joinPath(catalogDir, 'cases');
  const prefix = `${cases}/`;
  return (file) =>
    file.startsWith(prefix) && formatOf(file) !== undefined && !isHidden(file.slice(cases.length));
}

/** Whether a path has a segment starting with `.` or `_` (drafts and editor files). */
function isHidden(relative: string): boolean {
  const c = relative.charCodeAt(0);
  return c === 46 || c === 95 || relative.includes('/.') || relative.includes('/_');
}
