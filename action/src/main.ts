/**
 * The GitHub Action's entry point and the only place that talks to GitHub: inputs,
 * the event, the REST API (through github.ts), annotations, the job summary, outputs and
 * the sticky comment. Everything it decides comes from `core/`.
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as yamlPackage from 'yaml';
import { caseFileTest } from '../../core/validate/catalog-config.ts';
import {
  isClean,
  renderNoMatch,
  renderRiskComment,
  renderRiskMarkdown,
  renderValidationComment,
  renderValidationMarkdown,
  RISK_MARKER,
  VALIDATE_MARKER,
  type ChangedCase,
} from '../../core/risk/comment.ts';
import { countFindings } from '../../core/model/findings.ts';
import { assessRisk } from '../../core/risk/assess.ts';
import { provideYamlPackage } from '../../core/parse/source.ts';
import { checkResultOf, siteUrlOf } from '../../core/risk/result.ts';
import { applyEnvironment, todayOf } from '../../node/environment.ts';
import { readTestReports } from '../../node/test-reports.ts';
import { catalogPath, fsReader } from '../../node/fs-reader.ts';
import { readManifestFile } from '../../node/manifest-file.ts';
import {
  loadCatalog as loadCatalogSource,
  parseCatalogSource,
  type CatalogSource,
  type RiskCatalog,
} from '../../node/catalog-source.ts';
import { InputError, readConfig, type ActionConfig } from './config.ts';
import { describeCaseFile } from './changed-case.ts';
import { connectGitHub, findTokenLogin, httpStatus, isRateLimit, type GitHubClient } from './github.ts';
import { planComment } from './sticky.ts';

// The bundle carries the `yaml` package (for positions of findings): there is no
// node_modules beside it to load it from.
provideYamlPackage(yamlPackage);
applyEnvironment();

/** Largest `result` output written; a larger result leaves it empty. */
const MAX_RESULT_OUTPUT = 512 * 1024;

/** The pull request the run is about, from the event payload. */
interface PullRequest {
  number: number;
  body: string;
  headSha?: string;
}

interface Context {
  config: ActionConfig;
  octokit: GitHubClient;
  /** A failed GitHub request in words (github.ts). */
  describe: (error: unknown) => string;
  owner: string;
  repo: string;
  pr?: PullRequest;
}

/** The pull request of a `pull_request` or `pull_request_target` event; none for other events. */
function pullRequestOfEvent(): PullRequest | undefined {
  const pr = context.payload.pull_request;
  if (!pr) return undefined;
  const body: unknown = pr.body;
  const head = pr.head as { sha?: unknown } | undefined;
  return {
    number: pr.number,
    body: typeof body === 'string' ? body : '',
    headSha: typeof head?.sha === 'string' ? head.sha : undefined,
  };
}

async function changedFiles(ctx: Context): Promise<{ filename: string; status: string }[]> {
  if (!ctx.pr) return [];
  try {
    const files = await ctx.octokit.paginate(ctx.octokit.rest.pulls.listFiles, {
      owner: ctx.owner,
      repo: ctx.repo,
      pull_number: ctx.pr.number,
      per_page: 100,
    });
    return files.map((f) => ({ filename: f.filename, status: f.status }));
  } catch (error) {
    // Only a refusal is about the token; anything else is GitHub's (or the network's) doing.
    const status = httpStatus(error);
    const hint =
      (status === 401 || status === 403 || status === 404) && !isRateLimit(error)
        ? ` The token needs \`pull-requests: read\` (or \`contents: read\`) on ${ctx.owner}/${ctx.repo}.`
        : ' Run the job again when GitHub answers.';
    throw new Error(
      `Could not list the files of pull request #${ctx.pr.number}: ${ctx.describe(error)}.${hint}`,
      { cause: error },
    );
  }
}

/**
 * Creates, updates, replaces or deletes the sticky comment. A 403 (a fork PR's read-only
 * token) becomes a warning naming the permission, and so does any other failure with
 * `warn-only`: the check's result stands regardless. A comment deleted by someone since
 * it was listed is posted anew (update) or needs no deleting.
 */
async function syncComment(
  ctx: Context,
  marker: string,
  body: string | undefined,
  cleanBody?: string,
): Promise<void> {
  if (!ctx.pr || !ctx.config.comment) return;
  const where = { owner: ctx.owner, repo: ctx.repo };
  const issue = { ...where, issue_number: ctx.pr.number };
  const post = async (text: string) => {
    const { data } = await ctx.octokit.rest.issues.createComment({ ...issue, body: text });
    core.setOutput('comment-url', data.html_url);
  };
  const remove = async (id: number) => {
    try {
      await ctx.octokit.rest.issues.deleteComment({ ...where, comment_id: id });
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
  };
  try {
    const existing = await ctx.octokit.paginate(ctx.octokit.rest.issues.listComments, {
      ...issue,
      per_page: 100,
    });
    const marked = existing.filter((c) => c.body?.startsWith(marker));
    // Who the token is matters only when there is a marked comment to tell apart.
    const self = marked.length > 0 ? await findTokenLogin(ctx.octokit) : undefined;
    const { plan, duplicates } = planComment(
      marked.map((c) => ({ id: Number(c.id), body: c.body, author: c.user?.login })),
      marker,
      body,
      cleanBody,
      self,
    );
    let done: string = plan.action;
    if (plan.action === 'create') await post(plan.body);
    else if (plan.action === 'update') {
      try {
        const { data } = await ctx.octokit.rest.issues.updateComment({
          ...where,
          comment_id: plan.id,
          body: plan.body,
        });
        core.setOutput('comment-url', data.html_url);
      } catch (error) {
        if (httpStatus(error) !== 404) throw error;
        await post(plan.body);
        done = 'create (the comment was deleted meanwhile)';
      }
    } else if (plan.action === 'delete') await remove(plan.id);
    for (const id of duplicates) await remove(id);
    core.info(
      `PR comment: ${done}${duplicates.length ? `, ${duplicates.length} duplicate(s) removed` : ''}.`,
    );
  } catch (error) {
    const what = `Could not write the failcat comment on pull request #${ctx.pr.number}: ${ctx.describe(error)}.`;
    if (httpStatus(error) === 403 && !isRateLimit(error)) {
      core.warning(
        `${what} ` +
          'The token cannot write to this pull request, as happens on pull requests from forks. Grant `permissions: pull-requests: write` ' +
          '(on forks, run the workflow on `pull_request_target`; see the failcat action docs), or set `comment: false`. The check result below still stands.',
      );
      return;
    }
    if (ctx.config.warnOnly) {
      core.warning(`${what} With warn-only this is a warning; the check result stands.`);
      return;
    }
    throw new Error(what, { cause: error });
  }
}

/** The catalog for the risk check: a folder, a published export, or catalog-repository through the API. */
async function loadCatalog(ctx: Context): Promise<RiskCatalog> {
  const { config } = ctx;
  const [owner = '', repo = ''] = config.catalogRepository?.split('/') ?? [];
  const source: CatalogSource = config.catalogRepository
    ? { kind: 'repository', owner, repo, ref: config.catalogRef, path: config.catalog }
    : parseCatalogSource(config.catalog, { repositories: false });
  return loadCatalogSource(source, {
    purpose: 'risk',
    github: {
      token: config.githubToken,
      apiUrl: process.env.GITHUB_API_URL,
      tokenHint:
        'set the `github-token` input to a fine-grained token or GitHub App token with `contents: read` there; the workflow token only reaches this repository',
    },
  });
}

async function runRisk(ctx: Context): Promise<void> {
  const [catalog, files, testReports] = await Promise.all([
    loadCatalog(ctx),
    changedFiles(ctx),
    ctx.config.testResults.length > 0 ? readTestReports(ctx.config.testResults) : undefined,
  ]);
  const { label } = catalog;
  if (!catalog.config.policy || !catalog.config.checklist) {
    const where = catalog.findings.map((f) => `${f.file}:${f.line}: ${f.message}`).join('; ');
    throw new Error(
      `The catalog ${label} has no valid policy.yaml and checklist.yaml (${where || 'not found'}). Check the catalog inputs.`,
    );
  }
  const manifestFile = ctx.config.deployFile;
  const { manifest, findings } = readManifestFile(manifestFile);
  for (const f of findings) annotate(f);
  const result = assessRisk(
    catalog.config,
    catalog.cases,
    {
      manifest,
      body: ctx.pr?.body,
      changedPaths: files.filter((f) => f.status !== 'removed').map((f) => f.filename),
    },
    {
      today: todayOf(),
      failOn: ctx.config.failOn,
      findings,
      invalidCases: catalog.invalid,
      caseCount: catalog.caseCount,
      testReports,
    },
  );
  for (const f of testReports?.findings ?? []) annotate(f);
  const source = ctx.config.catalogRepository ? undefined : ctx.config.catalog;
  const check = checkResultOf(result, {
    manifestFile,
    catalogLabel: label,
    siteUrl: siteUrlOf(
      catalog.config.policy.site_url,
      source && /^https?:/i.test(source) ? source : undefined,
    ),
  });
  const options = { sha: ctx.pr?.headSha };
  if (catalog.invalid > 0)
    core.warning(
      `${catalog.invalid} case file(s) of the catalog ${label} are invalid and were left out of the risk check.`,
    );
  const missing = (check.required ?? []).filter((r) => r.status === 'missing').length;
  core.setOutput('level', check.level ?? 'none');
  core.setOutput('score', String(check.score ?? 0));
  core.setOutput('matched', String((check.matches ?? []).length));
  core.setOutput('missing', String(missing));
  core.setOutput('outcome', check.outcome);
  // An output is an environment file entry: keep a huge result to the summary and comment.
  const json = JSON.stringify(check);
  core.setOutput('result', json.length <= MAX_RESULT_OUTPUT ? json : '');
  await writeSummary(renderRiskMarkdown(check, { ...options, budget: 900_000 }));
  await syncComment(
    ctx,
    RISK_MARKER,
    isClean(check) ? undefined : renderRiskComment(check, options),
    `${RISK_MARKER}\n${renderNoMatch(check, options)}`,
  );
  if (check.failed) {
    // The same words as the comment's: why it fails, then the first step.
    const why = check.failures.map((f) => f.text).join(' ');
    const step = check.next_steps[0] ? ` Next: ${check.next_steps[0].text}` : '';
    if (ctx.config.warnOnly) core.warning(why + step);
    else core.setFailed(why + step);
  } else core.info(`Deployment risk: ${check.level} (score ${check.score}).`);
}

/** Writes the job summary; outside a runner (no GITHUB_STEP_SUMMARY) there is none to write. */
async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
}

function annotate(f: {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
  hint: string;
}): void {
  const props = { title: `failcat ${f.rule}`, file: f.file, startLine: f.line, startColumn: f.column };
  const text = `${f.message} ${f.hint}`;
  if (f.severity === 'error') core.error(text, props);
  else core.warning(text, props);
}

/**
 * The `catalog` input as the PR's file list spells paths, relative to the repository with
 * no `./` or trailing slash (`./catalog/` is `catalog`), so the changed cases are found
 * however the workflow wrote it.
 */
function repositoryPath(input: string): string {
  return catalogPath(path.isAbsolute(input) ? path.relative(process.cwd(), input) : input) || '.';
}

async function runValidate(ctx: Context): Promise<void> {
  const catalogDir = repositoryPath(ctx.config.catalog);
  const isCase = caseFileTest(catalogDir);
  const files = await changedFiles(ctx);
  const changed = files.filter((f) => f.status !== 'removed' && isCase(f.filename)).map((f) => f.filename);
  // Without a PR (a push to main), validate the whole catalog.
  const result = await loadCatalogSource(
    { kind: 'folder', dir: catalogDir },
    { purpose: 'validate', ...(ctx.pr ? { only: changed } : {}) },
  );
  for (const f of result.findings) annotate(f);
  const { errors, warnings } = countFindings(result.findings);
  const cases: ChangedCase[] = [];
  for (const file of result.files.filter(isCase)) {
    // A refused file (a link, a FIFO) is described by its finding, never read.
    cases.push(describeCaseFile(file, await fsReader.read(file).catch(() => undefined)));
  }
  core.setOutput('errors', String(errors));
  core.setOutput('warnings', String(warnings));
  core.setOutput('cases', String(cases.length));
  await writeSummary(renderValidationMarkdown(cases, result.findings));
  if (changed.length > 0 || result.findings.length > 0)
    await syncComment(ctx, VALIDATE_MARKER, renderValidationComment(cases, result.findings));
  if (errors > 0) {
    const why = `${errors} error(s) in the catalog: see the annotations on the changed files.`;
    if (ctx.config.warnOnly) core.warning(why);
    else core.setFailed(why);
  } else core.info(`Catalog: ${cases.length} case file(s) checked, ${warnings} warning(s).`);
}

/** Picks the mode from the input, or from what the workspace holds. */
function resolveMode(config: ActionConfig): 'validate' | 'risk' {
  if (config.mode !== 'auto') return config.mode;
  if (existsSync(config.deployFile)) return 'risk';
  if (
    !config.catalogRepository &&
    !/^https?:/i.test(config.catalog) &&
    existsSync(`${config.catalog}/policy.yaml`)
  ) {
    return 'validate';
  }
  throw new InputError(
    `mode is auto but the repository has neither a deployment manifest (${config.deployFile}) nor a catalog (${config.catalog}/policy.yaml). Set \`mode\`, \`deploy-file\` or \`catalog\`.`,
  );
}

async function run(): Promise<void> {
  try {
    const config = readConfig((name) => core.getInput(name));
    if (process.env.GITHUB_WORKSPACE) process.chdir(process.env.GITHUB_WORKSPACE);
    const { owner, repo } = context.repo;
    const pr = pullRequestOfEvent();
    if (!pr)
      core.notice(
        'Not a pull_request event: no changed files, PR description or comment; checking the repository as it is.',
      );
    const { octokit, describe } = connectGitHub(config.githubToken);
    const ctx: Context = { config, octokit, describe, owner, repo, pr };
    const mode = resolveMode(config);
    core.setOutput('mode', mode);
    if (mode === 'risk') await runRisk(ctx);
    else await runValidate(ctx);
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

await run();
