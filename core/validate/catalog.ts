/**
 * Loading and validating a whole catalog folder. File access comes in through a
 * CatalogReader, and the per-file work through a pluggable runner, so the CLI can spread
 * it over worker threads while the site and the action run it in-process.
 */
import type { CatalogConfig, RuleContext } from './config.ts';
import { sortFindings, type Finding, type PendingFinding } from '../model/findings.ts';
import { checkCase, type CaseInput } from './rules/index.ts';
import type { FailureCase } from '../model/schema-types.ts';
import { validateSchema } from '../model/schemas.ts';
import { titleFromSlug } from '../model/text.ts';
import { nextCaseId } from '../author/scaffold.ts';
import { expectedFileName, takenNameHint } from './rules/identity.ts';
import { sectionsOf } from '../publish/markdown-parse.ts';
import {
  caseTokens,
  exactSimilarity,
  findSimilarPairs,
  NEAR_DUPLICATE_THRESHOLD,
  symmetricDifference,
  textFingerprint,
  tokenHashes,
  type SimilarPair,
} from './similarity.ts';
import { formatOf, locate, parseSource, type ParsedSource, type Section } from '../parse/source.ts';
import { readOrRefuse, type CatalogReader } from '../model/files.ts';

import { listCaseFiles, loadConfig, placeAtStart, positionFindings } from './catalog-config.ts';

/** A case that passed parsing and its schema, ready for rendering and matching. */
export interface CaseRecord extends CaseInput {
  format: 'markdown' | 'yaml';
}

/** What cross-case rules need of a case, small enough to keep for 100,000 cases. */
export interface CaseSummary {
  file: string;
  id: string;
  title: string;
  related?: string[];
  supersedes?: string;
  duplicate_of?: string;
  /**
   * MinHash signature of the title and summary (see similarity.ts); absent when the
   * validation does not search for near-duplicates.
   */
  signature?: Uint32Array;
  /** Sorted hashes of the words of the title and summary, for the exact similarity; absent with `signature`. */
  tokens?: Uint32Array;
  /**
   * The fields that tell records of one template apart (model, its version, data sources,
   * and the case's own `x-` text fields, where imported feeds keep a probe or dataset name).
   */
  identity?: Record<string, string>;
  /**
   * Where the fields that rules across cases point at start (`id`, `title`, `related.0`,
   * `supersedes`, `duplicate_of`), recorded by the parse that read the file; absent when
   * that parse was js-yaml's (the file is then read again for the few it concerns).
   */
  at?: Record<string, [line: number, column: number]>;
}

/** The top-level fields findings across cases point at. */
const ACROSS_FIELDS: ReadonlySet<string> = new Set(['id', 'title', 'related', 'supersedes', 'duplicate_of']);

/** The result of checking one case file on its own. */
export interface CaseFileResult {
  file: string;
  findings: Finding[];
  summary?: CaseSummary;
  record?: CaseRecord;
  /** The id of a case that parsed but fails its schema: other cases may still name it. */
  invalidId?: string;
}

/** A case that exists but fails its schema, as references to it report it. */
export interface InvalidCase {
  id: string;
  file: string;
  /** Its first error, positioned. */
  error: Finding;
  errors: number;
}

/** What a runner checks every file with (see ValidateOptions). */
export interface CaseFileOptions {
  catalogDir: string;
  keepRecords: boolean;
  nearDuplicates: boolean;
  ctx: RuleContext;
}

/** Runs `checkCaseFile` over many files; the CLI supplies a worker-thread pool. */
export type CaseFileRunner = (files: string[], options: CaseFileOptions) => Promise<CaseFileResult[]>;

/**
 * Parses a case file and runs every rule that needs only this file and the configuration;
 * with `keepRecords`, the result holds the case's record, and with `nearDuplicates` (the
 * default) its summary carries the fingerprint the search across cases reads.
 */
export function checkCaseFile(
  file: string,
  bytes: Uint8Array,
  ctx: RuleContext,
  options: Partial<Pick<CaseFileOptions, 'keepRecords' | 'nearDuplicates'>> = {},
): CaseFileResult {
  const { keepRecords = false, nearDuplicates = true } = options;
  const format = formatOf(file) ?? 'yaml';
  const src = parseSource(file, bytes, format, { positionsUnder: ACROSS_FIELDS });
  const pending = [...src.findings];
  if (src.data === undefined) {
    if (pending.length === 0 && format === 'markdown') {
      pending.push({
        file,
        path: [],
        line: 2,
        column: 1,
        rule: 'schema',
        severity: 'error',
        message: 'The frontmatter is empty.',
        hint: 'Write the case fields between the `---` lines.',
      });
    }
    return { file, findings: positionFindings(src, pending) };
  }
  const schemaFindings = validateSchema('case', file, src.data);
  pending.push(...schemaFindings);
  if (schemaFindings.length > 0) {
    const result: CaseFileResult = { file, findings: positionFindings(src, pending) };
    const id = (src.data as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id !== '') result.invalidId = id;
    return result;
  }
  const data = src.data as FailureCase;
  const sections = format === 'markdown' ? sectionsOf(src.body, src.bodyLine) : narrativeSections(data);
  const input: CaseRecord = { file, format, data, body: src.body, bodyLine: src.bodyLine, sections };
  pending.push(...checkCase(input, ctx));
  const result: CaseFileResult = {
    file,
    findings: pending.length > 0 ? positionFindings(src, pending) : [],
    summary: summarize(file, data, src, nearDuplicates),
  };
  if (keepRecords) result.record = input;
  return result;
}

function narrativeSections(data: FailureCase): Section[] {
  return Object.entries(data.narrative ?? {}).map(([id, text]) => ({
    id,
    title: titleFromSlug(id),
    text,
    line: 0,
  }));
}

function summarize(file: string, data: FailureCase, src: ParsedSource, fingerprint: boolean): CaseSummary {
  const summary: CaseSummary = {
    file,
    id: data.id,
    title: ownCopy(data.title),
    related: data.related,
    supersedes: data.supersedes,
    duplicate_of: data.duplicate_of,
  };
  if (fingerprint) Object.assign(summary, textFingerprint(`${data.title} ${data.summary}`));
  const identity = identityOf(data);
  if (identity) summary.identity = identity;
  if (src.fast) {
    const at: Record<string, [number, number]> = {};
    const place = (path: (string | number)[]) => {
      const { line, column } = locate(src, path);
      at[path.join('.')] = [line, column];
    };
    place(['id']);
    place(['title']);
    data.related?.forEach((_, i) => place(['related', i]));
    if (data.supersedes !== undefined) place(['supersedes']);
    if (data.duplicate_of !== undefined) place(['duplicate_of']);
    summary.at = at;
  }
  return summary;
}

/** Identifying fields longer than this are not template slots. */
const MAX_IDENTITY_LENGTH = 200;

/** The identifying fields of a case (see CaseSummary.identity), or undefined when it has none. */
function identityOf(data: FailureCase): Record<string, string> | undefined {
  let identity: Record<string, string> | undefined;
  const keep = (field: string, value: unknown) => {
    const text = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(', ') : value;
    if (typeof text === 'string' && text !== '' && text.length <= MAX_IDENTITY_LENGTH)
      (identity ??= {})[field] = ownCopy(text);
  };
  keep('system.model', data.system?.model);
  keep('system.model_version', data.system?.model_version);
  keep('data.sources', data.data?.sources);
  for (const key of Object.keys(data)) {
    if (key.startsWith('x-')) keep(key, (data as Record<string, unknown>)[key]);
  }
  return identity;
}

/**
 * The identifying fields in which two similar cases differ, when those differences are
 * all that sets their texts apart: records of one template (the same probe run on two
 * models), related rather than duplicates. Undefined when their texts differ in more.
 */
function templateDifference(
  a: Fingerprinted,
  b: Fingerprinted,
  /** The word hashes of identity values met so far: the same model names recur across pairs. */
  wordsOf: Map<string, Uint32Array>,
): string[] | undefined {
  const fields = [...new Set([...Object.keys(a.identity ?? {}), ...Object.keys(b.identity ?? {})])].filter(
    (f) => a.identity?.[f] !== b.identity?.[f],
  );
  if (fields.length === 0) return undefined;
  // Both hash lists are sorted (tokenHashes).
  const differing = symmetricDifference(a.tokens, b.tokens);
  // The words each differing field accounts for; the fields named are those that show.
  const covered = new Set<number>();
  const shown = fields.filter((f) => {
    const words = new Set<number>();
    for (const value of [a.identity?.[f], b.identity?.[f]])
      if (value !== undefined) {
        let hashes = wordsOf.get(value);
        if (!hashes) wordsOf.set(value, (hashes = tokenHashes(caseTokens(value))));
        for (const h of hashes) words.add(h);
      }
    const used = differing.filter((h) => words.has(h));
    for (const h of used) covered.add(h);
    return used.length > 0;
  });
  if (!differing.every((h) => covered.has(h))) return undefined;
  return shown.length > 0 ? shown : fields;
}

/**
 * A copy of a string that does not keep the text it was cut from alive. V8 makes a
 * substring of 13 characters or more a view into its parent, so a title parsed from a case
 * file would hold the whole file for as long as the summary lives, which is the whole run:
 * summaries must stay small (see CaseSummary). Joining to a one-character string and
 * cutting it off again copies the characters (the join is flattened before the cut).
 */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * Finds near-duplicate pairs among case signatures (`findSimilarPairs`); the CLI supplies
 * one that shares the work with a worker thread in large catalogs.
 */
export type SimilarityFinder = (signatures: Uint32Array[]) => Promise<SimilarPair[]>;

/** The default SimilarityFinder: the search in this thread. */
const inProcessSimilarity: SimilarityFinder = async (signatures) => findSimilarPairs(signatures);

/** A summary with its fingerprint: every summary of a validation that searches for near-duplicates. */
type Fingerprinted = CaseSummary & Required<Pick<CaseSummary, 'signature' | 'tokens'>>;

function fingerprinted(summary: CaseSummary): summary is Fingerprinted {
  return summary.signature !== undefined && summary.tokens !== undefined;
}

/** Options of a catalog validation. */
export interface ValidateOptions {
  /**
   * Search for near-duplicates (warnings); default true. Loads that stop on errors only
   * (a site, an export, figures) turn it off: no case is fingerprinted and nothing searched.
   */
  nearDuplicates?: boolean;
  /** Finds near-duplicates; default in-process. */
  similarity?: SimilarityFinder;
  /** Report findings only for these files (checked against the whole catalog). Default: every file. */
  only?: string[];
  /** Keep the parsed cases (for the site, the risk check, stats). */
  keepRecords?: boolean;
  /** Runs the per-file checks; default in-process. */
  runner?: CaseFileRunner;
}

/** A validated catalog. */
export interface CatalogResult {
  catalogDir: string;
  config: CatalogConfig;
  /** The files checked. */
  files: string[];
  /** Valid cases, when `keepRecords` was set: those whose file has no error. */
  cases: CaseRecord[];
  /** Number of files that parsed into a case with an id. */
  caseCount: number;
  findings: Finding[];
}

/** Validates a catalog folder: configuration, every case, and the rules across cases. */
export async function validateCatalog(
  catalogDir: string,
  reader: CatalogReader,
  options: ValidateOptions = {},
): Promise<CatalogResult> {
  const { config, ctx, findings } = await loadConfig(catalogDir, reader);
  const catalogFiles = await listCaseFiles(catalogDir, reader);
  const only = options.only ? new Set(options.only) : undefined;
  const files = only ? [...new Set([...catalogFiles, ...only])].sort() : catalogFiles;
  const runner = options.runner ?? inProcessRunner(reader, ctx);
  const nearDuplicates = options.nearDuplicates ?? true;
  const results = await runner(files, {
    catalogDir,
    keepRecords: options.keepRecords ?? false,
    nearDuplicates,
    ctx,
  });
  const reported = (file: string) => !only || only.has(file);
  // Loops, not push(...list): a catalog can have more findings than a call has arguments.
  for (const r of results) if (reported(r.file)) for (const f of r.findings) findings.push(f);
  const summaries = results.flatMap((r) => (r.summary ? [r.summary] : []));
  const invalid = results.flatMap((r): InvalidCase[] => {
    const errors = r.findings.filter((f) => f.severity === 'error');
    return r.invalidId && errors.length > 0
      ? [{ id: r.invalidId, file: r.file, error: sortFindings(errors)[0]!, errors: errors.length }]
      : [];
  });
  const similarity = nearDuplicates ? (options.similarity ?? inProcessSimilarity) : null;
  for (const f of await checkAcrossCases(summaries, reader, similarity, invalid))
    if (reported(f.file)) findings.push(f);
  if (config.policy) redirectTakenNames(findings, summaries, files, config.policy);
  const broken = new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file));
  return {
    catalogDir,
    config,
    files: only ? [...only].sort() : files,
    cases: results.flatMap((r) => (r.record && !broken.has(r.file) ? [r.record] : [])),
    caseCount: only ? summaries.filter((s) => only.has(s.file)).length : summaries.length,
    findings: sortFindings(findings),
  };
}

/**
 * A file-name finding proposes `<id>-<slug>`; when another file of the catalog has that
 * name (a copied case keeps its original's id), its hint proposes the next free id instead.
 */
function redirectTakenNames(
  findings: Finding[],
  summaries: readonly CaseSummary[],
  files: readonly string[],
  policy: NonNullable<CatalogConfig['policy']>,
): void {
  const named = findings.filter((f) => f.rule === 'file-name');
  if (named.length === 0) return;
  const existing = new Set(files);
  const byFile = new Map(summaries.map((s) => [s.file, s]));
  let nextId: string | undefined;
  for (const finding of named) {
    const s = byFile.get(finding.file);
    if (!s) continue;
    const dir = finding.file.slice(0, finding.file.lastIndexOf('/') + 1);
    const proposed = expectedFileName(finding.file, s.id, s.title);
    if (dir + proposed === finding.file || !existing.has(dir + proposed)) continue;
    nextId ??= nextCaseId(policy, [...files.map((f) => f.split('/').pop()!), ...summaries.map((x) => x.id)]);
    finding.hint = takenNameHint(proposed, nextId, s.title, finding.file);
  }
}

/** The default runner: reads and checks files one after another in this thread. */
export function inProcessRunner(reader: CatalogReader, ctx: RuleContext): CaseFileRunner {
  return async (files, options) => {
    const results: CaseFileResult[] = [];
    for (const file of files) {
      const bytes = await readOrRefuse(reader, file);
      if (bytes !== undefined && !(bytes instanceof Uint8Array)) {
        results.push({ file, findings: [bytes] });
      } else if (bytes === undefined) {
        results.push({
          file,
          findings: [
            {
              file,
              line: 1,
              column: 1,
              rule: 'config-missing',
              severity: 'error',
              message: 'File not found.',
              hint: 'Check the path.',
            },
          ],
        });
      } else results.push(checkCaseFile(file, bytes, ctx, options));
    }
    return results;
  };
}

/** Orders case ids by number (FC-999 before FC-1000), then as text. */
export function compareIds(x: { id: string }, y: { id: string }): number {
  return x.id.length - y.id.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/**
 * Rules across cases: unique ids, references between cases, near-duplicates. `invalid`
 * lists the cases that exist but fail their schema, so a reference to one says so.
 */
export async function checkAcrossCases(
  summaries: CaseSummary[],
  reader: CatalogReader,
  /** Finds near-duplicate candidates; null: no near-duplicate search. */
  similarity: SimilarityFinder | null = inProcessSimilarity,
  invalid: InvalidCase[] = [],
): Promise<Finding[]> {
  const invalidById = new Map(invalid.map((c) => [c.id, c]));
  const pending: PendingFinding[] = [];
  // One entry per id, and lists only for the ids that repeat: a catalog of 100,000 cases
  // has next to none, and an array per case cost more than the rest of these rules.
  const byId = new Map<string, CaseSummary>();
  const repeated = new Map<string, CaseSummary[]>();
  for (const s of summaries) {
    const first = byId.get(s.id);
    if (first === undefined) {
      byId.set(s.id, s);
      continue;
    }
    const list = repeated.get(s.id);
    if (list) list.push(s);
    else repeated.set(s.id, [first, s]);
  }
  for (const [id, list] of repeated) {
    for (const s of list) {
      const others = list.filter((o) => o !== s).map((o) => o.file);
      pending.push({
        file: s.file,
        path: ['id'],
        rule: 'unique-id',
        severity: 'error',
        message: `Id \`${id}\` is also used by ${others.join(', ')}.`,
        hint: 'Give one of the cases the next free id (`npx failcat new` shows it) and rename its file.',
      });
    }
  }
  const checkRef = (s: CaseSummary, ref: string, path: (string | number)[]) => {
    if (ref === s.id) {
      pending.push({
        file: s.file,
        path,
        rule: 'case-ref',
        severity: 'error',
        message: `The case refers to itself (\`${ref}\`).`,
        hint: 'Name another case.',
      });
    } else if (!byId.has(ref) && invalidById.has(ref)) {
      // The case is there but broken: its own errors say what to fix; this reference is fine.
      const target = invalidById.get(ref)!;
      const { file, line, column, message } = target.error;
      pending.push({
        file: s.file,
        path,
        rule: 'case-ref',
        severity: 'warning',
        message: `\`${ref}\` is ${file}, which fails the schema (${target.errors === 1 ? '1 error' : `${target.errors} errors`}; first at ${file}:${line}:${column}: ${message.replace(/\.$/, '')}).`,
        hint: `Fix ${file}; this reference is right and needs no change.`,
      });
    } else if (!byId.has(ref)) {
      pending.push({
        file: s.file,
        path,
        rule: 'case-ref',
        severity: 'error',
        message: `\`${ref}\` names no case in the catalog.`,
        hint: 'Check the id, or add that case in the same PR.',
      });
    }
  };
  for (const s of summaries) {
    s.related?.forEach((ref, i) => checkRef(s, ref, ['related', i]));
    if (s.supersedes !== undefined) checkRef(s, s.supersedes, ['supersedes']);
    if (s.duplicate_of !== undefined) checkRef(s, s.duplicate_of, ['duplicate_of']);
  }
  // Ordered by id, so each case is compared with the cases that came before it, and a
  // warning lands on the later case only, naming its closest earlier case.
  const ordered = similarity ? summaries.filter(fingerprinted).sort(compareIds) : [];
  const identityWords = new Map<string, Uint32Array>();
  for (const { a, b } of similarity ? await similarity(ordered.map((s) => s.signature)) : []) {
    const first = ordered[a]!;
    const second = ordered[b]!;
    if (second.duplicate_of === first.id || first.duplicate_of === second.id) continue;
    // Two files with one id (a copied case): unique-id says so; "similar to itself" would not help.
    if (first.id === second.id) continue;
    // The MinHash estimate finds candidates; the percentage shown is the exact one.
    const value = exactSimilarity(first.tokens, second.tokens);
    if (value < NEAR_DUPLICATE_THRESHOLD) continue;
    const fields = templateDifference(first, second, identityWords);
    if (fields) {
      // Records of one template are related, not duplicates; once linked, nothing to say.
      if (second.related?.includes(first.id) || first.related?.includes(second.id)) continue;
      const what = fields
        .map(
          (f) => `\`${f}\` (${first.identity?.[f] ?? 'none'} there, ${second.identity?.[f] ?? 'none'} here)`,
        )
        .join(', ');
      pending.push({
        file: second.file,
        path: ['title'],
        rule: 'near-duplicate',
        severity: 'warning',
        message: `This case reads like ${first.id} "${first.title}" (${first.file}) and differs only in ${what}: related records of one template, not duplicates.`,
        hint: `Add \`related: [${first.id}]\` to link them (this warning then stops), or say in the title and summary what is specific to this one.`,
      });
      continue;
    }
    pending.push({
      file: second.file,
      path: ['title'],
      rule: 'near-duplicate',
      severity: 'warning',
      message: `This case is ${Math.floor(value * 100)}% similar to ${first.id} "${first.title}" (${first.file}).`,
      hint: `If it is the same failure, add to ${first.id} instead, or set \`duplicate_of: ${first.id}\`; otherwise make the title and summary say what differs.`,
    });
  }
  return positionAcross(pending, reader, summaries);
}

/**
 * Positions of findings across cases: from the summaries, where the parse that read the
 * file recorded them; else (files js-yaml read) by reading the file again.
 */
async function positionAcross(
  pending: PendingFinding[],
  reader: CatalogReader,
  summaries: CaseSummary[],
): Promise<Finding[]> {
  const byFile = new Map(summaries.map((s) => [s.file, s]));
  const sources = new Map<string, ParsedSource | undefined>();
  const findings: Finding[] = [];
  for (const p of pending) {
    const known = !p.atKey && p.line === undefined ? byFile.get(p.file)?.at?.[p.path.join('.')] : undefined;
    if (known) {
      const { path: _path, atKey: _atKey, needle: _needle, line: _line, column: _column, ...rest } = p;
      findings.push({ ...rest, line: known[0], column: known[1] });
      continue;
    }
    if (!sources.has(p.file)) {
      const bytes = await readOrRefuse(reader, p.file);
      sources.set(p.file, bytes instanceof Uint8Array ? parseSource(p.file, bytes) : undefined);
    }
    const src = sources.get(p.file);
    findings.push(src ? positionFindings(src, [p])[0]! : placeAtStart(p));
  }
  return findings;
}
