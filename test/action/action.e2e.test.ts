import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RISK_MARKER, VALIDATE_MARKER } from '../../core/risk/comment.ts';
import { exportCatalog } from '../../core/publish/export.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import {
  startGitHubServer,
  WORKFLOW_BOT,
  type Fault,
  type GitHubServer,
} from '../../tools/github-stand-in.ts';
import { makeWorkspace, runAction, setUpRiskRepo } from '../../tools/run-action.ts';
import { makeTarball } from '../../tools/tar.ts';

const BODY = readFileSync('test/fixtures/risk/pr-body.md', 'utf8');
const CLEAN_MANIFEST = 'model: unrelated-ranker\nenvironment: staging\n';

let gh: GitHubServer;
beforeEach(async () => {
  gh = await startGitHubServer();
  gh.prFiles.set(1, [
    { filename: 'deploy/prod.yaml', status: 'modified' },
    { filename: 'src/x.py', status: 'added' },
  ]);
});
afterEach(async () => {
  await gh.close();
});

const ours = (marker = RISK_MARKER) => (gh.comments.get(1) ?? []).filter((c) => c.body.startsWith(marker));
const requests = (method: string, pattern: RegExp) =>
  gh.log.filter((r) => r.method === method && pattern.test(r.path));

describe('risk mode', () => {
  it('creates the comment, then updates it in place, then clears it when the PR is fixed', async () => {
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const first = await runAction(ws, gh.url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(first.outputs).toMatchObject({
      mode: 'risk',
      level: 'high',
      score: expect.stringMatching(/^\d+(\.\d+)?$/),
      matched: '4',
      missing: '2',
    });
    expect(first.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    expect(first.commands).toContainEqual(
      expect.stringMatching(
        /^::error::Risk high \(score 28\.91\) reaches the fail-on level high\. Next: Do `/,
      ),
    );
    expect(first.summary).toContain('failcat risk check: **high**');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('FC-0001');
    expect(requests('POST', /\/issues\/1\/comments/)).toHaveLength(1);

    ws.setEvent({
      pull_request: {
        number: 1,
        body: `${BODY}\n- [x] validate-feature-ranges\n- [x] slice-evaluation`,
        head: { sha: 'b' },
      },
    });
    const second = await runAction(ws, gh.url);
    // FAILCAT_TODAY (tools/run-action.ts) fixes the day recency counts from.
    expect(second.outputs).toMatchObject({ matched: '4', missing: '0', level: 'low', score: '8.91' });
    expect(second.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(gh.comments.get(1)).toHaveLength(1);
    expect(requests('PATCH', /\/issues\/comments\/\d+/)).toHaveLength(1);
    expect(ours()[0]!.body).toContain('✅ done');

    ws.write('.failcat/deploy.yml', CLEAN_MANIFEST);
    gh.prFiles.set(1, [{ filename: 'README.md', status: 'modified' }]);
    const third = await runAction(ws, gh.url);
    expect(third.code).toBe(0);
    expect(third.outputs).toMatchObject({ level: 'none', score: '0', matched: '0', missing: '0' });
    expect(gh.comments.get(1)).toHaveLength(1);
    expect(ours()[0]!.body).toContain('no known failures match');
  });

  it('never reads a linked manifest or policy: findings, not the files (issue 13, item 13)', async () => {
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    ws.write('outside/.npmrc', '//registry.npmjs.org/:_authToken=npm_SECRETSECRETSECRET0123456789\n');
    const npmrc = path.join(ws.dir, 'outside/.npmrc');
    rmSync(path.join(ws.dir, '.failcat/deploy.yml'));
    symlinkSync(npmrc, path.join(ws.dir, '.failcat/deploy.yml'));
    const run = await runAction(ws, gh.url, { 'warn-only': 'true' });
    expect(run.commands).toContainEqual(
      expect.stringMatching(/^::error title=failcat unreadable-file,file=.failcat\/deploy\.yml/),
    );
    rmSync(path.join(ws.dir, 'catalog/policy.yaml'));
    symlinkSync(npmrc, path.join(ws.dir, 'catalog/policy.yaml'));
    const second = await runAction(ws, gh.url, { 'warn-only': 'true' });
    const everything = [run, second].flatMap((r) => [r.stdout, r.stderr, r.summary]);
    everything.push(...(gh.comments.get(1) ?? []).map((c) => c.body));
    expect(everything.join('\n')).not.toContain('SECRET');
    expect(second.stdout + second.stderr).toContain('A symbolic link is where a file belongs');
  });

  it('posts nothing on a clean PR that never had a comment', async () => {
    const ws = makeWorkspace();
    setUpRiskRepo(ws, CLEAN_MANIFEST);
    gh.prFiles.set(1, []);
    const run = await runAction(ws, gh.url);
    expect(run.code).toBe(0);
    expect(run.outputs.level).toBe('none');
    expect(gh.comments.get(1) ?? []).toHaveLength(0);
    expect(run.summary).toContain('no known failures match');
  });

  it('retries a 5xx and then succeeds', async () => {
    gh.faults.push({ method: 'GET', path: /\/issues\/1\/comments$/, status: 502, times: 1 });
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url, { 'warn-only': 'true' });
    expect(run.code).toBe(0);
    expect(requests('GET', /\/issues\/1\/comments/).map((r) => r.status)).toEqual([502, 200]);
    expect(ours()).toHaveLength(1);
    expect(run.commands).toContainEqual(expect.stringMatching(/^::warning::Risk high /));
  });

  it('waits out a 429 with retry-after', async () => {
    gh.faults.push({
      method: 'POST',
      path: /\/issues\/1\/comments$/,
      status: 429,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
      times: 1,
    });
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const started = Date.now();
    const run = await runAction(ws, gh.url);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(requests('POST', /\/issues\/1\/comments/).map((r) => r.status)).toEqual([429, 201]);
    expect(run.commands).toContainEqual(
      '::warning::GitHub secondary rate limit on POST /repos/acme/model/issues/1/comments; retrying in 1 s.',
    );
    expect(ours()).toHaveLength(1);
    expect(run.outputs.level).toBe('high');
  });

  it('turns a 403 on a fork PR into a warning naming the permission, and the result stands', async () => {
    gh.faults.push({
      method: 'POST',
      path: /\/issues\/1\/comments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      times: Infinity,
    });
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url);
    const warning = run.commands.find((c) => c.startsWith('::warning::Could not write the failcat comment'));
    expect(warning).toContain('pull-requests: write');
    expect(run.outputs).toMatchObject({ level: 'high', matched: '4' });
    expect(run.code).toBe(1);
    expect(requests('POST', /\/issues\/1\/comments/)).toHaveLength(1);
  });

  it('finds its comment among 300 others across pages', async () => {
    const others = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      body: `comment ${i}`,
      user: { login: 'someone', type: 'User' },
    }));
    others.splice(250, 0, {
      id: 9999,
      body: `${RISK_MARKER}\nold report`,
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    gh.comments.set(1, others);
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url);
    expect(run.outputs['comment-url']).toMatch(/issuecomment-9999$/);
    expect(requests('GET', /\/issues\/1\/comments/)).toHaveLength(4);
    expect(requests('POST', /\/issues\/1\/comments/)).toHaveLength(0);
    expect(gh.comments.get(1)).toHaveLength(301);
    expect(ours()[0]!.body).toContain('FC-0001');
  });

  it('reads a private catalog repository through the API with the token', async () => {
    const files: Record<string, string> = {};
    for (const f of await fsReader.list('test/fixtures/risk/catalog')) {
      files[`failures/${f.slice('test/fixtures/risk/catalog/'.length)}`] = readFileSync(f, 'utf8');
    }
    gh.tarballs.set('acme/catalog@main', { data: makeTarball(files), token: 'secret-pat' });
    const ws = makeWorkspace(BODY);
    ws.write('.failcat/deploy.yml', readFileSync('test/fixtures/risk/deploy.yml', 'utf8'));
    const inputs = {
      'catalog-repository': 'acme/catalog',
      'catalog-ref': 'main',
      catalog: 'failures',
      'warn-only': 'true',
    };
    const run = await runAction(ws, gh.url, { ...inputs, 'github-token': 'secret-pat' });
    expect(run.outputs).toMatchObject({ level: 'high', matched: '4' });
    expect(ours()[0]!.body).toContain('catalog `acme/catalog@main:failures`');

    const denied = await runAction(ws, gh.url, { ...inputs, 'github-token': 'workflow-token' });
    expect(denied.code).toBe(1);
    expect(denied.commands.join('\n')).toMatch(
      /::error::Could not download acme\/catalog@main:failures \(http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/catalog\/tarball\/main\): HTTP 404 Not Found\. A private catalog repository needs a token that can read it: set the `github-token` input/,
    );
  });

  it('reads a published api/cases.json', async () => {
    const catalog = await validateCatalog('test/fixtures/risk/catalog', fsReader, { keepRecords: true });
    const { taxonomy, policy, checklist } = catalog.config;
    gh.documents.set(
      '/site/api/cases.json',
      exportCatalog(
        { taxonomy: taxonomy!, policy: policy!, checklist: checklist! },
        catalog.cases,
        'internal',
      ),
    );
    const ws = makeWorkspace(BODY);
    ws.write('.failcat/deploy.yml', readFileSync('test/fixtures/risk/deploy.yml', 'utf8'));
    const run = await runAction(ws, gh.url, { catalog: `${gh.url}/site/api/cases.json`, mode: 'risk' });
    expect(run.outputs).toMatchObject({ level: 'high', matched: '4', missing: '2' });
  });

  it('reports a malformed manifest at its line and fails', async () => {
    const ws = makeWorkspace();
    setUpRiskRepo(ws, readFileSync('test/fixtures/risk/deploy-invalid.yml', 'utf8'));
    const run = await runAction(ws, gh.url);
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual(
      expect.stringMatching(/^::error title=failcat schema,file=\.failcat\/deploy\.yml,line=4,col=18::/),
    );
    expect(run.commands).toContainEqual(
      expect.stringMatching(
        /^::error::The deployment manifest `\.failcat\/deploy\.yml` is invalid\. Next: Fix/,
      ),
    );
    expect(ours()[0]!.body).toContain('The deployment manifest has problems');
  });

  it('runs outside a pull request without the API for files or comments', async () => {
    const ws = makeWorkspace();
    setUpRiskRepo(ws);
    ws.setEvent({ ref: 'refs/heads/main', after: 'abc' });
    const run = await runAction(ws, gh.url, { 'fail-on': 'none' });
    expect(run.code).toBe(0);
    expect(run.commands).toContainEqual(expect.stringMatching(/^::notice::Not a pull_request event/));
    expect(run.outputs).toMatchObject({ mode: 'risk', matched: '3' });
    expect(gh.log).toEqual([]);
  });

  it('explains a wrong input', async () => {
    const ws = makeWorkspace();
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url, { 'fail-on': 'severe' });
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual(
      '::error::Input `fail-on` must be one of none, low, medium, high, critical; got "severe".',
    );
  });
});

describe('risk mode as a gate', () => {
  /** The fixture catalog with the gate's policy and checklist, the gate's manifest and PR description. */
  function gateWorkspace() {
    const ws = makeWorkspace(readFileSync('test/fixtures/risk/gate/pr-body.md', 'utf8'));
    setUpRiskRepo(ws, readFileSync('test/fixtures/risk/gate/deploy.yml', 'utf8'));
    for (const f of ['policy.yaml', 'checklist.yaml'])
      ws.copy(`test/fixtures/risk/gate/${f}`, `catalog/${f}`);
    return ws;
  }

  it('fails on a missing blocking item whatever the score, shows the waivers and links the cases', async () => {
    const ws = gateWorkspace();
    const run = await runAction(ws, gh.url);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ level: 'medium', outcome: 'failed', missing: '1' });
    expect(run.commands).toContainEqual(
      expect.stringMatching(
        /^::error::Blocking item `validate-feature-ranges` is missing \(required by FC-0001\)\. Next: Blocking: do/,
      ),
    );
    const result = JSON.parse(run.outputs.result!) as { waivers: { state: string; days_left: number }[] };
    expect(result.waivers.map((w) => [w.state, w.days_left])).toEqual([
      ['active', 30],
      ['rejected', 59],
      ['rejected', 180],
    ]);
    const body = ours()[0]!.body;
    expect(body.split('\n').slice(1, 5)).toEqual([
      '### 🟡 failcat risk check: **medium** (score 19, fails at high) — blocked',
      '',
      '> [!CAUTION]',
      '> **Blocked** whatever the score: 1 blocking checklist item missing.',
    ]);
    expect(body).toContain('| ✅ active | item `slice-evaluation` |');
    expect(body).toContain('2026-01-31 (30 d left)');
    expect(body).toContain('[**FC-0001**](https://failures.example.org/catalog/cases/FC-0001/)');
    expect(run.summary).toContain('[**FC-0001**](https://failures.example.org/catalog/cases/FC-0001/)');

    // A month on, the waiver has expired and its item counts as missing again.
    const later = await runAction(ws, gh.url, {}, { FAILCAT_TODAY: '2026-02-01' });
    expect(later.outputs).toMatchObject({ missing: '2' });
    expect(ours()[0]!.body).toContain('| ⌛ expired | item `slice-evaluation` |');
  });

  it('reads the CI test reports of pytest, Jest and Vitest and posts the whole gate in one comment', async () => {
    const ws = gateWorkspace();
    for (const runner of ['pytest', 'jest', 'vitest'])
      ws.copy(`test/fixtures/risk/reports/${runner}-junit.xml`, `reports/${runner}-junit.xml`);
    const run = await runAction(ws, gh.url, { 'test-results': 'reports/*-junit.xml' });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.outputs.result!) as {
      regression_tests: { id: string; result: string; reports: string[] }[];
    };
    // The action's result output is the JSON the CLI prints, documented by its schema.
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
    for (const name of ['policy', 'check-result'])
      ajv.addSchema(JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8')) as object);
    const validate = ajv.getSchema('https://failcat.dev/schemas/check-result.schema.json')!;
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    // The test names its path, so the report that has test cases there (pytest's) decides.
    expect(result.regression_tests.map((t) => [t.id, t.result, t.reports])).toEqual([
      ['night-slice-precision', 'passed', ['reports/pytest-junit.xml']],
      ['`rm -rf` @team/all', 'not-run', []],
      [
        'null-rate-gate',
        'failed',
        ['reports/jest-junit.xml', 'reports/pytest-junit.xml', 'reports/vitest-junit.xml'],
      ],
    ]);
    const body = ours()[0]!.body;
    expect(run.summary).toBe(body.slice(RISK_MARKER.length + 1));
    expect(body).toMatchInlineSnapshot(`
      "<!-- failcat:risk -->
      ### 🟡 failcat risk check: **medium** (score 20, fails at high) — blocked

      > [!CAUTION]
      > **Blocked** whatever the score: 1 blocking checklist item missing.
      > - Blocking item \`validate-feature-ranges\` is missing \\(required by [FC-0001](https://failures.example.org/catalog/cases/FC-0001/)\\).

      This deployment could repeat **4 past failures** from the catalog (2 of them weak matches); they require 4 checklist items, **1 missing**.

      #### Why the check fails

      - Regression test \`null-rate-gate\` of [FC-0002](https://failures.example.org/catalog/cases/FC-0002/) failed.

      #### Next steps

      1. Fix the failing regression test \`null-rate-gate\` of [FC-0002](https://failures.example.org/catalog/cases/FC-0002/).
      2. Blocking: do \`validate-feature-ranges\` \\(Validate feature ranges and null rates\\), required by [FC-0001](https://failures.example.org/catalog/cases/FC-0001/); then tick \`- [x] validate-feature-ranges\` in the PR description or set \`validate-feature-ranges: done\` in the manifest.
      3. The waiver of item \`validate-feature-ranges\` approved by \`bob\` is rejected: the item is blocking and the policy's risk.waivers.allow\\_blocking is false.
      4. The waiver of case [FC-0005](https://failures.example.org/catalog/cases/FC-0005/) approved by \`mallory\` is rejected: its approver is not in the policy's risk.waivers.approvers.
      5. Run the regression test \`'rm -rf' @team/all\` of [FC-0005](https://failures.example.org/catalog/cases/FC-0005/) in this PR's CI: no test report has it.

      #### Checklist items these failures require

      | Status | Item | Blocking | Stated in | Required by |
      | --- | --- | --- | --- | --- |
      | ❌ missing | \`validate-feature-ranges\` Validate feature ranges and null rates | ⛔ yes | PR description | [FC-0001](https://failures.example.org/catalog/cases/FC-0001/) |
      | 🛂 waived | \`slice-evaluation\` Evaluate on the known weak slices | no | waiver | [FC-0001](https://failures.example.org/catalog/cases/FC-0001/) |
      | ✅ done | \`shadow-deploy\` Run the release in shadow first | ⛔ yes | manifest | [FC-0003](https://failures.example.org/catalog/cases/FC-0003/) |
      | ✅ done | \`check-null-rates\` Check null rates of input tables | no | manifest | [FC-0002](https://failures.example.org/catalog/cases/FC-0002/) |

      #### Waivers

      | State | Waives | Reason | Approver | Expires | Written in |
      | --- | --- | --- | --- | --- | --- |
      | ✅ active | item \`slice-evaluation\` | The night slice is evaluated in the weekly job; this release does not change the model. | @‍alice | 2026-01-31 (30 d left) | manifest |
      | ⛔ rejected: the item is blocking and the policy's risk.waivers.allow\\_blocking is false | item \`validate-feature-ranges\` | Ranges were checked by hand last week. | bob | 2026-03-01 (59 d left) | manifest |
      | ⛔ rejected: its approver is not in the policy's risk.waivers.approvers | case [FC-0005](https://failures.example.org/catalog/cases/FC-0005/) | The hostile-title case is a test fixture, not a real failure. | mallory | 2026-06-30 (180 d left) | PR description |

      #### Past failures this deployment could repeat

      - [**FC-0001**](https://failures.example.org/catalog/cases/FC-0001/) Fraud model blocked night-time transactions — SEV1, investigating, +7.05
        - model \`fraud-detector\` is the case's system.model
        - data source \`card_transactions\` is the case's data.sources
        - feature \`hour_of_day\` is the case's data.features
        - model \`fraud-detector\` matches safeguard glob \`fraud-*\` (\`validate-feature-ranges\`)
        - feature \`hour_of_day\` matches safeguard glob \`hour_of_day\` (\`slice-evaluation\`)
      - [**FC-0005**](https://failures.example.org/catalog/cases/FC-0005/) @‍octocat &lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*bold\\*\\* \\[link\\]\\(https:‍//evil.example\\) \\| pipe \\\`tick\\\` — SEV4, wont-fix, +0.67
        - model \`fraud-detector\` is the case's system.model

      #### Weak matches: only shared data, features, environment or paths (×0.5, only the safeguards they meet)

      - [**FC-0003**](https://failures.example.org/catalog/cases/FC-0003/) A release went to production without its shadow run — SEV3, mitigated, +0.75
        - environment \`production\` matches safeguard glob \`production\` (\`shadow-deploy\`)
        - changed path \`deploy/prod.yaml\` matches safeguard glob \`deploy/**\` (\`shadow-deploy\`)
      - [**FC-0002**](https://failures.example.org/catalog/cases/FC-0002/) Churn model predicted churn for every customer — SEV2, resolved, +0.53
        - data source \`customer_activity_daily\` is the case's data.sources
        - data source \`customer_activity_daily\` matches safeguard glob \`customer_*\` (\`check-null-rates\`)

      #### Regression tests in this PR’s test reports

      - ✅ passed \`night-slice-precision\` Precision on 02:00-05:00 transactions stays above 0.85. (\`tests/slices/test_night.py\`) — from [FC-0001](https://failures.example.org/catalog/cases/FC-0001/)
      - ❔ not-run \`\` \`rm -rf\` @team/all \`\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; cc @‍org/security — from [FC-0005](https://failures.example.org/catalog/cases/FC-0005/)
      - ❌ failed \`null-rate-gate\` The pipeline fails when a column's null rate exceeds its bound. — from [FC-0002](https://failures.example.org/catalog/cases/FC-0002/)

      <details><summary>How the score is computed</summary>

      Score 20 = 9 from matched cases + 10 from missing checklist items + 1 from regression tests that did not run.

      Each matched case adds its severity weight × status factor × recency × strength (1, or
      0.5 for a weak match), where recency is max(0.25, 0.5^(age in days / 365)). Each missing item adds 10 × (weight × strength of the weightiest case requiring it / 10).

      | Case | Weight | × Status | × Recency (age) | × Strength | = Points |
      | --- | --- | --- | --- | --- | --- |
      | [FC-0001](https://failures.example.org/catalog/cases/FC-0001/) | 10 (SEV1) | 1 (investigating) | 0.71 (184 d) | 1 (strong) | 7.05 |
      | [FC-0003](https://failures.example.org/catalog/cases/FC-0003/) | 2 (SEV3) | 0.8 (mitigated) | 0.94 (31 d) | 0.5 (weak) | 0.75 |
      | [FC-0005](https://failures.example.org/catalog/cases/FC-0005/) | 1 (SEV4) | 1 (wont-fix) | 0.67 (214 d) | 1 (strong) | 0.67 |
      | [FC-0002](https://failures.example.org/catalog/cases/FC-0002/) | 5 (SEV2) | 0.6 (resolved) | 0.35 (549 d) | 0.5 (weak) | 0.53 |

      | Missing item | Points |
      | --- | --- |
      | \`validate-feature-ranges\` | 10 |

      Levels: low from 0.01, medium from 10, high from 25, critical from 50. The policy is \`risk\` in the catalog's policy.yaml.

      </details>

      <sub>failcat · catalog \`catalog\` · [site](https://failures.example.org/catalog/) · commit \`feedface0011\`</sub>
      "
    `);
  });

  it('turns a malformed test report into an annotated finding, not a crash', async () => {
    const ws = gateWorkspace();
    ws.copy('test/fixtures/risk/reports/truncated-junit.xml', 'reports/junit.xml');
    const run = await runAction(ws, gh.url, { 'test-results': 'reports/junit.xml' });
    expect(run.stderr).toBe('');
    expect(run.commands).toContainEqual(
      '::error title=failcat test-report,file=reports/junit.xml,line=1,col=600::The test report is not well-formed JUnit XML: unclosed tag: testsuite. Point --test-results (or the test-results input) at the JUnit XML your test runner writes: pytest --junitxml, jest-junit, vitest --reporter=junit.',
    );
    expect(ours()[0]!.body).toContain('The test report `reports/junit.xml` could not be read.');
  });

  it('links to the site a published api/cases.json came from', async () => {
    const catalog = await validateCatalog('test/fixtures/risk/catalog', fsReader, { keepRecords: true });
    const { taxonomy, policy, checklist } = catalog.config;
    gh.documents.set(
      '/site/api/cases.json',
      exportCatalog(
        { taxonomy: taxonomy!, policy: policy!, checklist: checklist! },
        catalog.cases,
        'internal',
      ),
    );
    const ws = makeWorkspace(BODY);
    ws.write('.failcat/deploy.yml', readFileSync('test/fixtures/risk/deploy.yml', 'utf8'));
    await runAction(ws, gh.url, { catalog: `${gh.url}/site/api/cases.json`, mode: 'risk' });
    expect(ours()[0]!.body).toContain(`[**FC-0001**](${gh.url}/site/cases/FC-0001/)`);
  });
});

describe("the comment's author", () => {
  const person = (id: number, login: string, body: string) => ({
    id,
    body,
    user: { login, type: 'User' },
  });
  const bot = (id: number, login: string, body: string) => ({ id, body, user: { login, type: 'Bot' } });
  const pasted = `${RISK_MARKER}\npasted by a reviewer`;
  const byId = (id: number) => gh.comments.get(1)!.find((c) => c.id === id);

  it("with a personal token, updates the token owner's comment, removes her duplicates and never touches a reviewer's", async () => {
    gh.identities.set('pat-alice', { login: 'alice', type: 'User' });
    gh.comments.set(1, [
      person(77, 'reviewer', pasted),
      person(78, 'Alice', `${RISK_MARKER}\nold report`),
      person(79, 'alice', `${RISK_MARKER}\nduplicate from a race`),
    ]);
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url, { 'github-token': 'pat-alice', 'warn-only': 'true' });
    expect(run.code).toBe(0);
    expect(requests('GET', /^\/user$/).map((r) => r.status)).toEqual([200]);
    expect(requests('PATCH', /\/issues\/comments\/\d+/).map((r) => r.path)).toEqual([
      '/repos/acme/model/issues/comments/78',
    ]);
    expect(requests('DELETE', /\/issues\/comments\/\d+/).map((r) => r.path)).toEqual([
      '/repos/acme/model/issues/comments/79',
    ]);
    expect(byId(77)!.body).toBe(pasted);
    expect(byId(78)!.body).toContain('FC-0001');
    expect(run.outputs['comment-url']).toMatch(/issuecomment-78$/);
  });

  it("with a personal token and only a reviewer's marked comment, posts its own beside it", async () => {
    gh.identities.set('pat-alice', { login: 'alice', type: 'User' });
    gh.comments.set(1, [person(77, 'reviewer', pasted)]);
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    await runAction(ws, gh.url, { 'github-token': 'pat-alice', 'warn-only': 'true' });
    expect(requests('PATCH', /\/issues\/comments/)).toHaveLength(0);
    expect(requests('DELETE', /\/issues\/comments/)).toHaveLength(0);
    expect(byId(77)!.body).toBe(pasted);
    expect(ours().map((c) => c.user.login)).toEqual(['reviewer', 'alice']);
  });

  it("with the workflow token, updates the bot's comment in place and leaves other accounts' alone", async () => {
    const otherApp = `${RISK_MARKER}\nfrom another app`;
    gh.comments.set(1, [
      person(77, 'reviewer', pasted),
      bot(80, WORKFLOW_BOT.login, `${RISK_MARKER}\nold report`),
      bot(81, 'other-app[bot]', otherApp),
      bot(82, WORKFLOW_BOT.login, `${RISK_MARKER}\nduplicate`),
    ]);
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    const run = await runAction(ws, gh.url, { 'warn-only': 'true' });
    // An installation token is refused GET /user; GraphQL's viewer names its bot.
    expect(requests('GET', /^\/user$/).map((r) => r.status)).toEqual([403]);
    expect(requests('POST', /^\/graphql$/).map((r) => r.status)).toEqual([200]);
    expect(run.outputs['comment-url']).toMatch(/issuecomment-80$/);
    expect(byId(80)!.body).toContain('FC-0001');
    expect(byId(82)).toBeUndefined();
    expect(byId(77)!.body).toBe(pasted);
    expect(byId(81)!.body).toBe(otherApp);
    expect(requests('POST', /\/issues\/1\/comments/)).toHaveLength(0);
  });
});

describe('a GitHub that fails', () => {
  // Short deadlines and backoff so that the faults below cost seconds, not minutes.
  const FAST = { FAILCAT_TEST_REQUEST_TIMEOUT_MS: '1000', FAILCAT_TEST_RETRY_BASE_MS: '10' };
  const COMMENTS = /\/issues\/1\/comments/;
  const FILES = /\/pulls\/1\/files/;
  /** Runs the risk check on a PR with the fault in place. */
  const runWithFault = (fault: Fault, inputs: Record<string, string> = {}) => {
    gh.faults.push(fault);
    const ws = makeWorkspace(BODY);
    setUpRiskRepo(ws);
    return runAction(ws, gh.url, inputs, FAST);
  };
  /** A plain 429 on posting the comment, as a proxy sends it: no rate-limit headers or message. */
  const tooManyRequests = (retryAfter: string, times: number): Fault => ({
    method: 'POST',
    path: COMMENTS,
    status: 429,
    headers: { 'retry-after': retryAfter },
    body: { message: 'Too Many Requests' },
    times,
  });
  const messages = (run: { commands: string[] }, kind: 'error' | 'warning') =>
    run.commands.filter((c) => c.startsWith(`::${kind}::`)).join('\n');

  it('gives up on a request never answered after its retries; with warn-only the comment is a warning', async () => {
    const run = await runWithFault(
      { method: 'GET', path: COMMENTS, status: 'hang', times: Infinity },
      { 'warn-only': 'true' },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ level: 'high', matched: '4' });
    expect(messages(run, 'warning')).toContain(
      'Could not write the failcat comment on pull request #1: GET /repos/acme/model/issues/1/comments failed after 3 retries: no complete answer from GitHub within 1 s.',
    );
    expect(requests('GET', COMMENTS)).toHaveLength(4);
  });

  it('fails the job when the comment cannot be written without warn-only', async () => {
    const run = await runWithFault(
      { method: 'GET', path: COMMENTS, status: 500, times: Infinity },
      { 'fail-on': 'critical' },
    );
    expect(run.code).toBe(1);
    expect(run.outputs.level).toBe('high');
    expect(messages(run, 'error')).toContain(
      'Could not write the failcat comment on pull request #1: GitHub answered 500 to GET /repos/acme/model/issues/1/comments after 3 retries (scripted 500).',
    );
  });

  it('gives up on a body dripped a byte at a time, without blaming the token', async () => {
    const run = await runWithFault(
      { method: 'GET', path: FILES, status: 'drip', times: Infinity },
      { 'warn-only': 'true' },
    );
    expect(run.code).toBe(1);
    const error = messages(run, 'error');
    expect(error).toContain(
      'Could not list the files of pull request #1: GET /repos/acme/model/pulls/1/files failed after 3 retries: no complete answer from GitHub within 1 s.',
    );
    expect(error).not.toContain('pull-requests: read');
    expect(requests('GET', FILES)).toHaveLength(4);
  });

  it('says GitHub answered 500 when listing the files fails, and blames the token only on a refusal', async () => {
    const failed = await runWithFault({ method: 'GET', path: FILES, status: 500, times: Infinity });
    expect(failed.code).toBe(1);
    expect(messages(failed, 'error')).toContain(
      'Could not list the files of pull request #1: GitHub answered 500 to GET /repos/acme/model/pulls/1/files after 3 retries (scripted 500).',
    );
    expect(messages(failed, 'error')).not.toContain('pull-requests: read');

    gh.faults.length = 0;
    const refused = await runWithFault({ method: 'GET', path: FILES, status: 403, times: Infinity });
    expect(messages(refused, 'error')).toContain(
      'Could not list the files of pull request #1: GitHub answered 403 to GET /repos/acme/model/pulls/1/files (scripted 403). The token needs `pull-requests: read`',
    );
  });

  it('names the request whose answer is malformed JSON', async () => {
    const run = await runWithFault({ method: 'GET', path: FILES, status: 'malformed', times: Infinity });
    expect(run.code).toBe(1);
    expect(messages(run, 'error')).toMatch(
      /Could not list the files of pull request #1: GET \/repos\/acme\/model\/pulls\/1\/files failed after 3 retries: GitHub's answer is not valid JSON \(.+\)\./,
    );
    expect(run.stderr).toBe('');
  });

  it('waits out a plain 429 with retry-after, as a proxy or GitHub Enterprise sends it', async () => {
    const run = await runWithFault(tooManyRequests('1', 1), { 'warn-only': 'true' });
    expect(requests('POST', COMMENTS).map((r) => r.status)).toEqual([429, 201]);
    expect(messages(run, 'warning')).toContain(
      'GitHub rate limit (429) on POST /repos/acme/model/issues/1/comments; retrying in 1 s.',
    );
    expect(ours()).toHaveLength(1);
  });

  it('refuses a rate-limit wait past its cap with a clear message; with warn-only a warning', async () => {
    const run = await runWithFault(tooManyRequests('3600', Infinity), { 'warn-only': 'true' });
    expect(run.code).toBe(0);
    expect(requests('POST', COMMENTS)).toHaveLength(1);
    expect(messages(run, 'warning')).toContain(
      "GitHub answered 429 to POST /repos/acme/model/issues/1/comments (Too Many Requests); GitHub's rate limit (429) asked to wait 3600 s more before POST /repos/acme/model/issues/1/comments, past the cap of 120 s of rate-limit waits per run (0 s waited already); run the job again later.",
    );
  });

  it('does not wait an hour for an exhausted rate limit, nor blame the token for it', async () => {
    const run = await runWithFault({
      method: 'GET',
      path: FILES,
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
      times: Infinity,
    });
    expect(run.code).toBe(1);
    const error = messages(run, 'error');
    expect(error).toMatch(
      /GitHub answered 403 to GET \/repos\/acme\/model\/pulls\/1\/files \(API rate limit exceeded for installation ID 1\.\); GitHub's rate limit asked to wait \d+ s more before GET \/repos\/acme\/model\/pulls\/1\/files, past the cap of 120 s/,
    );
    expect(error).not.toContain('pull-requests: read');
    expect(requests('GET', FILES)).toHaveLength(1);
  });

  it('posts a new comment when its comment was deleted between listing and update', async () => {
    gh.comments.set(1, [{ id: 80, body: `${RISK_MARKER}\nold report`, user: { ...WORKFLOW_BOT } }]);
    const run = await runWithFault(
      { method: 'PATCH', path: /\/issues\/comments\/80$/, status: 404, times: 1 },
      { 'warn-only': 'true' },
    );
    expect(run.code).toBe(0);
    expect(requests('PATCH', /\/issues\/comments\/80$/).map((r) => r.status)).toEqual([404]);
    expect(requests('POST', COMMENTS).map((r) => r.status)).toEqual([201]);
    expect(run.outputs['comment-url']).not.toMatch(/issuecomment-80$/);
    expect(messages(run, 'warning')).not.toContain('Could not write');
  });
});

describe('validate mode', () => {
  it('annotates the changed cases at their lines, summarises, comments and fails', async () => {
    const ws = makeWorkspace();
    ws.copy('test/fixtures/risk/catalog', 'catalog');
    ws.copy('test/fixtures/action/FC-0006-broken-case.yaml', 'catalog/cases/FC-0006-broken-case.yaml');
    ws.copy(
      'test/fixtures/action/FC-0007-wrong-checklist-ref.yaml',
      'catalog/cases/FC-0007-wrong-checklist-ref.yaml',
    );
    gh.prFiles.set(1, [
      { filename: 'catalog/cases/FC-0006-broken-case.yaml', status: 'added' },
      { filename: 'catalog/cases/FC-0007-wrong-checklist-ref.yaml', status: 'added' },
      { filename: 'catalog/cases/FC-0003-old.yaml', status: 'removed' },
    ]);
    const run = await runAction(ws, gh.url);
    expect(run.code).toBe(1);
    const annotations = run.commands
      .filter((c) => /^::(error|warning) title=/.test(c))
      .map((c) => c.slice(0, c.indexOf('::', 2)));
    expect(annotations).toEqual([
      '::error title=failcat schema,file=catalog/cases/FC-0006-broken-case.yaml,line=4,col=9',
      expect.stringMatching(
        /^::error title=failcat checklist-ref,file=catalog\/cases\/FC-0007-wrong-checklist-ref\.yaml,line=10,col=\d+$/,
      ),
    ]);
    expect(run.outputs).toMatchObject({ mode: 'validate', errors: '2', warnings: '0', cases: '2' });
    expect(run.summary).toContain('2 changed cases, 2 errors');
    expect(ours(VALIDATE_MARKER)).toHaveLength(1);
    expect(ours(VALIDATE_MARKER)[0]!.body).toContain('**FC-0007**');
  });

  it('never reads a linked case: a finding in the annotation, summary and comment, not the file (issue 13, item 13)', async () => {
    const ws = makeWorkspace();
    ws.copy('test/fixtures/risk/catalog', 'catalog');
    const secret = '//registry.npmjs.org/:_authToken=npm_SECRETSECRETSECRET0123456789';
    ws.write('outside/.npmrc', `${secret}\n`);
    symlinkSync(path.join(ws.dir, 'outside/.npmrc'), path.join(ws.dir, 'catalog/cases/FC-0009-linked.yaml'));
    gh.prFiles.set(1, [{ filename: 'catalog/cases/FC-0009-linked.yaml', status: 'added' }]);
    const run = await runAction(ws, gh.url);
    expect(run.code).toBe(1);
    expect(run.commands).toContainEqual(
      expect.stringMatching(
        /^::error title=failcat unreadable-file,file=catalog\/cases\/FC-0009-linked\.yaml/,
      ),
    );
    const everything = [
      run.stdout,
      run.stderr,
      run.summary,
      ...(gh.comments.get(1) ?? []).map((c) => c.body),
    ];
    expect(everything.join('\n')).not.toContain('SECRET');
  });

  it('finds the changed cases however the catalog input is written, and leaves drafts out', async () => {
    const ws = makeWorkspace();
    ws.copy('test/fixtures/risk/catalog', 'catalog');
    ws.copy('test/fixtures/action/FC-0006-broken-case.yaml', 'catalog/cases/FC-0006-broken-case.yaml');
    ws.write('catalog/cases/_FC-0008-draft.md', 'a draft, not yet a case');
    gh.prFiles.set(1, [
      { filename: 'catalog/cases/FC-0006-broken-case.yaml', status: 'added' },
      { filename: 'catalog/cases/_FC-0008-draft.md', status: 'added' },
    ]);
    for (const catalog of ['./catalog/', path.join(ws.dir, 'catalog')]) {
      const run = await runAction(ws, gh.url, { mode: 'validate', comment: 'false', catalog });
      expect({ catalog, code: run.code, outputs: run.outputs }).toMatchObject({
        catalog,
        code: 1,
        outputs: { mode: 'validate', errors: '1', cases: '1' },
      });
    }
  });

  it('passes a clean change', async () => {
    const ws = makeWorkspace();
    ws.copy('test/fixtures/risk/catalog', 'catalog');
    gh.prFiles.set(1, [
      { filename: 'catalog/cases/FC-0002-churn-model-all-positive.yaml', status: 'modified' },
    ]);
    const run = await runAction(ws, gh.url, { mode: 'validate', comment: 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ mode: 'validate', errors: '0', cases: '1' });
    expect(gh.comments.get(1) ?? []).toHaveLength(0);
  });
});
