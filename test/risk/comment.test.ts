import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  code,
  escapeText,
  GITHUB_COMMENT_LIMIT,
  renderRiskComment,
  renderRiskMarkdown,
  renderRiskText,
  renderValidationComment,
  RISK_MARKER,
} from '../../core/risk/comment.ts';
import { assessRisk, readManifest } from '../../core/risk/assess.ts';
import { checkResultOf, type CheckContext, type CheckResult } from '../../core/risk/result.ts';
import { loadCatalog } from '../../node/catalog-source.ts';
import { FIXTURE_CATALOG, fixtureConfig, makeCase } from './helpers.ts';

const TODAY = '2026-01-01';

async function fixtureResult(context: CheckContext = {}): Promise<CheckResult> {
  const catalog = await loadCatalog({ kind: 'folder', dir: FIXTURE_CATALOG }, { purpose: 'risk' });
  const { manifest, findings } = readManifest('deploy.yml', readFileSync('test/fixtures/risk/deploy.yml'));
  const risk = assessRisk(
    catalog.config,
    catalog.cases,
    {
      manifest,
      body: readFileSync('test/fixtures/risk/pr-body.md', 'utf8'),
      changedPaths: readFileSync('test/fixtures/risk/changed.txt', 'utf8').trim().split('\n'),
    },
    { today: TODAY, findings },
  );
  return checkResultOf(risk, context);
}

describe('escaping', () => {
  it('neutralises Markdown, HTML and mentions', () => {
    expect(escapeText('@octocat <img src=x> **b** [l](u) | `t`\nnext')).toBe(
      '@\u200doctocat &lt;img src=x&gt; \\*\\*b\\*\\* \\[l\\]\\(u\\) \\| \\`t\\` next',
    );
  });

  it('fences code spans longer than any backtick run inside', () => {
    expect(code('a``b')).toBe('```a``b```');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code('a|b', true)).toBe('`a\\|b`');
  });

  it('cuts long values', () => {
    expect(escapeText('x'.repeat(300)).length).toBe(200);
  });
});

describe('the risk comment', () => {
  it('reads as a reviewer expects', async () => {
    const body = renderRiskComment(await fixtureResult({ catalogLabel: 'acme/failures' }), {
      sha: '0123456789abcdef',
    });
    expect(body.startsWith(RISK_MARKER)).toBe(true);
    expect(body).toMatchInlineSnapshot(`
      "<!-- failcat:risk -->
      ### 🟠 failcat risk check: **high** (score 28.91, fails at high) — check fails

      This deployment could repeat **4 past failures** from the catalog (2 of them weak matches); they require 4 checklist items, **2 missing**.

      #### Why the check fails

      - Risk high \\(score 28.91\\) reaches the fail-on level high.

      #### Next steps

      1. Do \`slice-evaluation\` \\(Evaluate on the known weak slices\\), required by FC-0001; then tick \`- [x] slice-evaluation\` in the PR description or set \`slice-evaluation: done\` in the manifest, or waive it \\(reason, approver, expiry\\).
      2. Do \`validate-feature-ranges\` \\(Validate feature ranges and null rates\\), required by FC-0001; then tick \`- [x] validate-feature-ranges\` in the PR description or set \`validate-feature-ranges: done\` in the manifest, or waive it \\(reason, approver, expiry\\).
      3. Run the regression test \`night-slice-precision\` \\(\`tests/slices/test_night.py\`\\) of FC-0001, and give its JUnit report to the check \\(--test-results, or the action's test-results input\\).
      4. Run the regression test \`'rm -rf' @team/all\` of FC-0005, and give its JUnit report to the check \\(--test-results, or the action's test-results input\\).
      5. Run the regression test \`null-rate-gate\` of FC-0002, and give its JUnit report to the check \\(--test-results, or the action's test-results input\\).

      #### Checklist items these failures require

      | Status | Item | Blocking | Stated in | Required by |
      | --- | --- | --- | --- | --- |
      | ❌ missing | \`slice-evaluation\` Evaluate on the known weak slices | no | manifest | FC-0001 |
      | ❌ missing | \`validate-feature-ranges\` Validate feature ranges and null rates | no | PR description | FC-0001 |
      | ✅ done | \`check-null-rates\` Check null rates of input tables | no | PR description | FC-0002 |
      | ✅ done | \`shadow-deploy\` Run the release in shadow first | no | PR description | FC-0003 |

      #### Past failures this deployment could repeat

      - **FC-0001** Fraud model blocked night-time transactions — SEV1, investigating, +7.05
        - model \`fraud-detector\` is the case's system.model
        - data source \`card_transactions\` is the case's data.sources
        - feature \`hour_of_day\` is the case's data.features
        - model \`fraud-detector\` matches safeguard glob \`fraud-*\` (\`validate-feature-ranges\`)
        - feature \`hour_of_day\` matches safeguard glob \`hour_of_day\` (\`slice-evaluation\`)
      - **FC-0005** @‍octocat &lt;img src=x onerror=alert\\(1\\)&gt; \\*\\*bold\\*\\* \\[link\\]\\(https:‍//evil.example\\) \\| pipe \\\`tick\\\` — SEV4, wont-fix, +0.67
        - model \`fraud-detector\` is the case's system.model

      #### Weak matches: only shared data, features, environment or paths (×0.5, only the safeguards they meet)

      - **FC-0003** A release went to production without its shadow run — SEV3, mitigated, +0.75
        - environment \`production\` matches safeguard glob \`production\` (\`shadow-deploy\`)
        - changed path \`deploy/prod.yaml\` matches safeguard glob \`deploy/**\` (\`shadow-deploy\`)
      - **FC-0002** Churn model predicted churn for every customer — SEV2, resolved, +0.44
        - data source \`customer_activity_daily\` is the case's data.sources
        - data source \`customer_activity_daily\` matches safeguard glob \`customer_*\` (\`check-null-rates\`)

      #### Regression tests to run

      - ▫️ not-checked \`night-slice-precision\` Precision on 02:00-05:00 transactions stays above 0.85. (\`tests/slices/test_night.py\`) — from FC-0001
      - ▫️ not-checked \`\` \`rm -rf\` @team/all \`\` &lt;script&gt;alert\\(1\\)&lt;/script&gt; cc @‍org/security — from FC-0005
      - ▫️ not-checked \`null-rate-gate\` The pipeline fails when a column's null rate exceeds its bound. — from FC-0002

      Not checklist items, ignored: \`unknown-thing\`.

      <details><summary>How the score is computed</summary>

      Score 28.91 = 8.91 from matched cases + 20 from missing checklist items.

      Each matched case adds its severity weight × status factor × recency × strength (1, or
      0.5 for a weak match), where recency is max(0.25, 0.5^(age in days / 365)). Each missing item adds 10 × (weight × strength of the weightiest case requiring it / 10).

      | Case | Weight | × Status | × Recency (age) | × Strength | = Points |
      | --- | --- | --- | --- | --- | --- |
      | FC-0001 | 10 (SEV1) | 1 (investigating) | 0.71 (184 d) | 1 (strong) | 7.05 |
      | FC-0003 | 2 (SEV3) | 0.8 (mitigated) | 0.94 (31 d) | 0.5 (weak) | 0.75 |
      | FC-0005 | 1 (SEV4) | 1 (wont-fix) | 0.67 (214 d) | 1 (strong) | 0.67 |
      | FC-0002 | 5 (SEV2) | 0.5 (resolved) | 0.35 (549 d) | 0.5 (weak) | 0.44 |

      | Missing item | Points |
      | --- | --- |
      | \`slice-evaluation\` | 10 |
      | \`validate-feature-ranges\` | 10 |

      Levels: low from 0.01, medium from 10, high from 25, critical from 50. The policy is \`risk\` in the catalog's policy.yaml.

      </details>

      <sub>failcat · catalog \`acme/failures\` · commit \`0123456789ab\`</sub>
      "
    `);
  });

  it('lets no catalog text mention, link or inject HTML', async () => {
    const body = renderRiskComment(await fixtureResult());
    // Outside code spans (where GitHub never links), every @ carries a zero-width joiner.
    const prose = body.replace(/(`+).*?\1/g, '');
    expect(prose).toContain('@\u200doctocat');
    expect(prose).not.toMatch(/@(?!\u200d)/);
    expect(prose).not.toMatch(/https?:\/\//);
    expect(body).not.toMatch(/<(img|script)/i);
    expect(body).not.toContain('](https://evil');
    expect(body).not.toContain('**bold**');
  });

  it('says plainly when nothing matches', async () => {
    const result = assessRisk(
      await fixtureConfig(),
      [makeCase({ system: { model: 'x' } })],
      { manifest: { model: 'y' } },
      { today: TODAY },
    );
    expect(renderRiskComment(checkResultOf(result))).toMatchInlineSnapshot(`
      "<!-- failcat:risk -->
      ### ✅ failcat risk check: no known failures match

      No case in the catalog (1 case checked) matches this deployment's model, data sources, features, environment or changed paths.

      <sub>failcat</sub>
      "
    `);
  });

  it('shows manifest problems at their line', async () => {
    const { findings } = readManifest(
      '.failcat/deploy.yml',
      readFileSync('test/fixtures/risk/deploy-invalid.yml'),
    );
    const result = assessRisk(await fixtureConfig(), [], {}, { today: TODAY, findings, invalidCases: 2 });
    expect(renderRiskMarkdown(checkResultOf(result, { manifestFile: '.failcat/deploy.yml' })))
      .toMatchInlineSnapshot(`
        "### ❌ failcat risk check: the deployment manifest is invalid — check fails

        #### The deployment manifest has problems

        - ❌ \`.failcat/deploy.yml:4:18\` \\\`checklist.shadow-deploy\\\` is "maybe", not one of the allowed values. Use one of: done, missing, not-applicable, true, false.

        #### Next steps

        1. Fix the deployment manifest \`.failcat/deploy.yml\` \\(1 problem listed\\) and push again.

        <sub>failcat</sub>
        "
      `);
  });

  it('cuts to a short form below the GitHub limit', async () => {
    const config = await fixtureConfig();
    const cases = Array.from({ length: 3000 }, (_, i) =>
      makeCase({
        id: `FC-${String(i + 1000).padStart(5, '0')}`,
        title: `A long title about failure ${i} `.repeat(4),
        system: { model: 'fraud-detector' },
        safeguards: [{ check: `item-${i % 400}`, applies_to: { models: ['fraud-*'] } }],
        regression_tests: [{ id: `t-${i}`, description: 'A test description '.repeat(5) }],
      }),
    );
    const result = checkResultOf(
      assessRisk(config, cases, { manifest: { model: 'fraud-detector' } }, { today: TODAY }),
    );
    const body = renderRiskComment(result);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(body).toContain('this is its short form');
    expect(body).toContain('#### Missing checklist items (400)');
    expect(body).toMatch(/…and \d+ more case/);
    const small = renderRiskComment(result, { budget: 2000 });
    expect(small.length).toBeLessThan(2200);
  });
});

describe('the text report', () => {
  it('lists cases, items and tests', async () => {
    expect(renderRiskText(await fixtureResult())).toMatchInlineSnapshot(`
      "Risk: high (score 28.91, fails at high) — FAILED

      Why it fails:
        - Risk high (score 28.91) reaches the fail-on level high.

      Next steps:
        1. Do \`slice-evaluation\` (Evaluate on the known weak slices), required by FC-0001; then tick \`- [x] slice-evaluation\` in the PR description or set \`slice-evaluation: done\` in the manifest, or waive it (reason, approver, expiry).
        2. Do \`validate-feature-ranges\` (Validate feature ranges and null rates), required by FC-0001; then tick \`- [x] validate-feature-ranges\` in the PR description or set \`validate-feature-ranges: done\` in the manifest, or waive it (reason, approver, expiry).
        3. Run the regression test \`night-slice-precision\` (\`tests/slices/test_night.py\`) of FC-0001, and give its JUnit report to the check (--test-results, or the action's test-results input).
        4. Run the regression test \`'rm -rf' @team/all\` of FC-0005, and give its JUnit report to the check (--test-results, or the action's test-results input).
        5. Run the regression test \`null-rate-gate\` of FC-0002, and give its JUnit report to the check (--test-results, or the action's test-results input).

      Matched cases (2):
        FC-0001 Fraud model blocked night-time transactions [SEV1, investigating] +7.05 = 10 × 1 × 0.71 × 1
          - model \`fraud-detector\` is the case's system.model
          - data source \`card_transactions\` is the case's data.sources
          - feature \`hour_of_day\` is the case's data.features
          - model \`fraud-detector\` matches safeguard glob \`fraud-*\` (\`validate-feature-ranges\`)
          - feature \`hour_of_day\` matches safeguard glob \`hour_of_day\` (\`slice-evaluation\`)
        FC-0005 @octocat <img src=x onerror=alert(1)> **bold** [link](https://evil.example) | pipe \`tick\` [SEV4, wont-fix] +0.67 = 1 × 1 × 0.67 × 1
          - model \`fraud-detector\` is the case's system.model

      Weak matches (2; ×0.5, only the safeguards they meet):
        FC-0003 A release went to production without its shadow run [SEV3, mitigated] +0.75 = 2 × 0.8 × 0.94 × 0.5
          - environment \`production\` matches safeguard glob \`production\` (\`shadow-deploy\`)
          - changed path \`deploy/prod.yaml\` matches safeguard glob \`deploy/**\` (\`shadow-deploy\`)
        FC-0002 Churn model predicted churn for every customer [SEV2, resolved] +0.44 = 5 × 0.5 × 0.35 × 0.5
          - data source \`customer_activity_daily\` is the case's data.sources
          - data source \`customer_activity_daily\` matches safeguard glob \`customer_*\` (\`check-null-rates\`)

      Required checklist items:
        [ ] slice-evaluation (missing, +10) required by FC-0001
        [ ] validate-feature-ranges (missing, +10) required by FC-0001
        [x] check-null-rates (done) required by FC-0002
        [x] shadow-deploy (done) required by FC-0003

      Regression tests to run:
        not-checked: night-slice-precision (tests/slices/test_night.py): Precision on 02:00-05:00 transactions stays above 0.85. [FC-0001]
        not-checked: \`rm -rf\` @team/all: <script>alert(1)</script> cc @org/security [FC-0005]
        not-checked: null-rate-gate: The pipeline fails when a column's null rate exceeds its bound. [FC-0002]

      Not checklist items, ignored: unknown-thing
      "
    `);
  });
});

describe('the validation comment', () => {
  it('lists the changed cases, near-duplicates and findings', () => {
    const body = renderValidationComment(
      [
        {
          file: 'catalog/cases/FC-0007-x.yaml',
          id: 'FC-0007',
          title: 'Drift <b>hid</b> @team',
          severity: 'SEV2',
        },
        { file: 'catalog/cases/FC-0008-y.md' },
      ],
      [
        {
          file: 'catalog/cases/FC-0007-x.yaml',
          line: 3,
          column: 9,
          rule: 'near-duplicate',
          severity: 'warning',
          message: 'This case is 81% similar to FC-0001.',
          hint: 'Merge.',
        },
        {
          file: 'catalog/cases/FC-0008-y.md',
          line: 1,
          column: 1,
          rule: 'schema',
          severity: 'error',
          message: 'The frontmatter is empty.',
          hint: 'Write fields.',
        },
      ],
    );
    expect(body).toMatchInlineSnapshot(`
      "<!-- failcat:validate -->
      ### ❌ failcat: 2 changed cases, 1 error, 1 warning

      | Case | Severity | File | Findings |
      | --- | --- | --- | --- |
      | **FC-0007** Drift &lt;b&gt;hid&lt;/b&gt; @‍team | SEV2 | \`catalog/cases/FC-0007-x.yaml\` | ⚠️ 1 |
      | (unreadable) | — | \`catalog/cases/FC-0008-y.md\` | ❌ 1 |

      #### Possible duplicates

      - \`catalog/cases/FC-0007-x.yaml\`: This case is 81% similar to FC-0001.

      #### Findings

      - ❌ \`catalog/cases/FC-0008-y.md:1:1\` The frontmatter is empty. Write fields. (\`schema\`)
      "
    `);
  });
});

describe('a validation comment for a very large PR', () => {
  it('stays under the GitHub limit', () => {
    const cases = Array.from({ length: 3000 }, (_, i) => ({
      file: `catalog/cases/FC-${i}-${'x'.repeat(100)}.yaml`,
      id: `FC-${i}`,
      title: 'T'.repeat(120),
      severity: 'SEV1',
    }));
    const findings = cases.map((c) => ({
      file: c.file,
      line: 1,
      column: 1,
      rule: 'near-duplicate' as const,
      severity: 'warning' as const,
      message: 'm'.repeat(300),
      hint: 'h',
    }));
    const body = renderValidationComment(cases, findings);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(body).toMatch(/…and \d+ more changed cases\./);
    expect(body).toMatch(/…and \d+ more possible duplicates\./);
  });
});
