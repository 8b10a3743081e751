/** `failcat check`: the PR risk check from the command line. */
import { readFile } from 'node:fs/promises';
import { renderRiskMarkdown, renderRiskText } from '../../core/risk/comment.ts';
import { assessRisk, RISK_LEVELS } from '../../core/risk/assess.ts';
import { type Deployment } from '../../core/risk/match.ts';
import { checkResultOf, siteUrlOf } from '../../core/risk/result.ts';
import { todayOf } from '../../node/environment.ts';
import { readTestReports } from '../../node/test-reports.ts';
import { oneOf, parseCommandArgs, UsageError, type Command } from '../cli.ts';
import { escapeControl } from '../../core/model/text.ts';
import { loadCatalog, parseCatalogSource } from '../../node/catalog-source.ts';
import { catalogThreads } from '../../node/pool/threads.ts';
import { DEFAULT_CACHE_DIR } from '../../node/risk-cache.ts';
import { readManifestFile } from '../../node/manifest-file.ts';

const FORMATS = ['text', 'json', 'markdown'] as const;

export const checkCommand: Command = {
  usage: `Usage: failcat check [--catalog SOURCE] [--deploy FILE] [--pr-body FILE] [--changed FILE|-]
                     [--test-results FILES] [--format text|json|markdown] [--fail-on LEVEL]
                     [--today DATE] [--no-cache]

Matches a deployment (its manifest, the PR description's task list and the changed paths)
against the catalog's cases: which past failures it could repeat and why, the checklist
items they require (done, missing, not-applicable), the regression tests to run, and a
risk level with the score explained.

Options:
  --catalog SOURCE   the catalog (default: catalog): a folder, the URL of a published
                     api/cases.json, or a GitHub repository owner/name[@ref][:folder]
                     (folder default catalog; a private one needs GITHUB_TOKEN)
  --deploy FILE      deployment manifest (default: .failcat/deploy.yml)
  --pr-body FILE     the PR description; its task list (- [x] item-id) overrides the manifest
  --changed FILE|-   changed paths, one per line (- reads standard input)
  --test-results F   JUnit XML reports of this PR's CI: files or globs, comma-separated
                     or repeated; each regression test is then passed, failed, skipped
                     or not run (a failed one fails the check)
  --format F         text (default), json or markdown
  --fail-on LEVEL    none, low, medium, high or critical (default: the policy's risk.fail_on)
  --today DATE       count recency and waiver expiry from this date
                     (default: FAILCAT_TODAY, else today)
  --no-cache         do not read or write the parse cache (${DEFAULT_CACHE_DIR})
  -h, --help         show this help

Waivers (item or case, reason, approver, expires) are read from the manifest's waivers and
from a \`\`\`failcat-waivers block in the PR description; see docs/risk-gate.md.

Exit status: 0 below the fail-on level; 1 at or above it, when a blocking item is missing,
a regression test failed, a test report cannot be read or the manifest is invalid; 2 on a
usage error.`,
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      catalog: { type: 'string', default: 'catalog' },
      deploy: { type: 'string', default: '.failcat/deploy.yml' },
      'pr-body': { type: 'string' },
      changed: { type: 'string' },
      'test-results': { type: 'string', multiple: true },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      today: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
    });
    if (values.help) {
      process.stdout.write(this.usage + '\n');
      return 0;
    }
    const format = oneOf('format', values.format, FORMATS, 'text');
    const failOn =
      values['fail-on'] === undefined ? undefined : oneOf('fail-on', values['fail-on'], RISK_LEVELS, 'high');
    const today = values.today ?? todayOf();
    if (!/^\d{4}-\d{2}-\d{2}/.test(today))
      throw new UsageError(`--today must be a date (YYYY-MM-DD); got "${today}".`);

    const [body, changedPaths, testReports] = await Promise.all([
      values['pr-body'] === undefined ? undefined : readText(values['pr-body'], '--pr-body'),
      values.changed === undefined ? [] : readChanged(values.changed),
      values['test-results'] === undefined ? undefined : readTestReports(values['test-results']),
    ]);
    const { manifest, findings } = readManifestFile(values.deploy!);
    const deployment: Deployment = { manifest, body, changedPaths };
    // Given the deployment, the threads that read the catalog keep only the cases that match it.
    const catalog = await loadCatalog(parseCatalogSource(values.catalog!), {
      purpose: 'risk',
      cacheDir: values['no-cache'] ? undefined : DEFAULT_CACHE_DIR,
      deployment,
      threads: catalogThreads(),
      github: {
        token: process.env.GITHUB_TOKEN || undefined,
        apiUrl: process.env.GITHUB_API_URL || undefined,
        tokenHint: 'set GITHUB_TOKEN to a token with `contents: read` there',
      },
    });
    const configErrors = catalog.findings.filter((f) => f.severity === 'error');
    if (!catalog.config.policy || !catalog.config.checklist) {
      const where = configErrors
        .map((f) => escapeControl(`  ${f.file}:${f.line}:${f.column} ${f.message}`))
        .join('\n');
      throw new Error(
        `The catalog ${values.catalog} has no valid policy.yaml and checklist.yaml:\n${where}\nRun \`failcat validate\` on it.`,
      );
    }
    const result = assessRisk(catalog.config, catalog.cases, deployment, {
      today,
      failOn,
      findings,
      invalidCases: catalog.invalid,
      caseCount: catalog.caseCount,
      testReports,
    });
    const source = values.catalog!;
    const check = checkResultOf(result, {
      manifestFile: values.deploy,
      catalogLabel: source,
      siteUrl: siteUrlOf(catalog.config.policy.site_url, /^https?:/i.test(source) ? source : undefined),
    });
    const out =
      format === 'json'
        ? JSON.stringify(check, null, 2) + '\n'
        : format === 'markdown'
          ? renderRiskMarkdown(check)
          : renderRiskText(check);
    process.stdout.write(out);
    return result.failed ? 1 : 0;
  },
};

async function readText(file: string, option: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${(error as Error).message}`, { cause: error });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The changed paths, one a line, spelt as git spells them (the manifest's globs and the
 * PR's file list do): relative to the repository, without a leading `./` or doubled
 * slashes, so a list written by `find` or by hand matches as `git diff --name-only` does.
 */
async function readChanged(file: string): Promise<string[]> {
  const text = await readText(file, '--changed');
  return text
    .split(/\r?\n/)
    .map((l) =>
      l
        .trim()
        .replace(/\/{2,}/g, '/')
        .replace(/^(?:\.\/)+/, ''),
    )
    .filter((l) => l !== '');
}
