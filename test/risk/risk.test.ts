import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  contributionOf,
  describeReason,
  levelOf,
  parseTaskList,
  reaches,
  readManifest,
  recencyOf,
  riskPolicyOf,
} from '../../core/risk/assess.ts';
import { matchCase } from '../../core/risk/match.ts';
import { pickTopLevel, readRiskCase } from '../../core/risk/read.ts';
import { SCHEMAS, validateSchema } from '../../core/model/schemas.ts';
import type { Policy } from '../../core/model/schema-types.ts';
import { checkResultOf } from '../../core/risk/result.ts';
import { fixtureConfig, makeCase } from './helpers.ts';

const TODAY = '2026-01-01';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseTaskList', () => {
  it('reads ticked and unticked items in every list style', () => {
    const items = parseTaskList(
      [
        '- [x] validate-feature-ranges',
        '* [X] `shadow-deploy`: ran for a day',
        '+ [ ] check-null-rates',
        '  - [x] **slice-evaluation** (nested, bold)',
        '> - [x] quoted-item',
        '1. [x] numbered-item',
        '2) [ ] other-numbered-item',
      ].join('\n'),
    );
    expect(Object.fromEntries(items)).toEqual({
      'validate-feature-ranges': true,
      'shadow-deploy': true,
      'check-null-rates': false,
      'slice-evaluation': true,
      'quoted-item': true,
      'numbered-item': true,
      'other-numbered-item': false,
    });
  });

  it('ignores code blocks, prose, titles and malformed boxes', () => {
    const items = parseTaskList(
      [
        '```md',
        '- [x] in-a-code-block',
        '```',
        'We did validate-feature-ranges.',
        '- [x] Validate Feature Ranges',
        '- [x]no-space',
        '- [y] wrong-mark',
        '- [x] id-with-suffix_underscore',
      ].join('\r\n'),
    );
    expect([...items.keys()]).toEqual([]);
  });

  it('lets the last mention win and survives an empty body', () => {
    expect(parseTaskList('- [x] a-b\n- [ ] a-b').get('a-b')).toBe(false);
    expect(parseTaskList(undefined).size).toBe(0);
    expect(parseTaskList('').size).toBe(0);
  });
});

describe('matchCase', () => {
  const deployment = {
    manifest: {
      model: 'fraud-detector',
      environment: 'production',
      data_sources: ['s3://lake/card_transactions'],
      features: ['hour_of_day'],
    },
    changedPaths: ['deploy/prod/values.yaml', 'README.md'],
  };

  it('matches a safeguard glob and says why', () => {
    const m = matchCase(
      makeCase({ safeguards: [{ check: 'validate-feature-ranges', applies_to: { models: ['fraud-*'] } }] })
        .data,
      deployment,
    );
    expect(m?.checks).toEqual(['validate-feature-ranges']);
    expect(m?.reasons.map((r) => describeReason(r))).toEqual([
      'model `fraud-detector` matches safeguard glob `fraud-*` (`validate-feature-ranges`)',
    ]);
  });

  it('needs every listed kind to match (AND across kinds, OR within a kind)', () => {
    const safeguard = (environments: string[]) =>
      makeCase({
        safeguards: [
          { check: 'shadow-deploy', applies_to: { paths: ['deploy/**', 'nothing/**'], environments } },
        ],
      }).data;
    expect(matchCase(safeguard(['production']), deployment)?.reasons).toHaveLength(2);
    expect(matchCase(safeguard(['staging']), deployment)).toBeUndefined();
  });

  it('lets * span slashes in names but not in paths', () => {
    const names = makeCase({
      safeguards: [{ check: 'x', applies_to: { data_sources: ['s3://lake/*'] } }],
    }).data;
    expect(matchCase(names, deployment)).toBeDefined();
    const paths = makeCase({ safeguards: [{ check: 'x', applies_to: { paths: ['deploy/*'] } }] }).data;
    expect(matchCase(paths, deployment)).toBeUndefined();
  });

  it('matches names written out regardless of case, and globs as globs', () => {
    const named = (models: string[]) =>
      makeCase({ safeguards: [{ check: 'x', applies_to: { models } }] }).data;
    expect(matchCase(named(['Fraud-Detector']), deployment)?.reasons[0]?.value).toBe('fraud-detector');
    expect(matchCase(named(['fraud-detector-v2']), deployment)).toBeUndefined();
    expect(matchCase(named(['fraud-detect']), deployment)).toBeUndefined();
    expect(matchCase(named(['FRAUD-*']), deployment)).toBeDefined();
    expect(matchCase(named(['fraud-detecto?']), deployment)).toBeDefined();
  });

  it("matches the case's own model, sources and features, and then requires all its safeguards", () => {
    const data = makeCase({
      system: { model: 'fraud-detector' },
      data: { features: ['hour_of_day', 'other'] },
      safeguards: [{ check: 'speech-only', applies_to: { models: ['speech-*'] } }],
    }).data;
    const m = matchCase(data, deployment);
    expect(m?.checks).toEqual(['speech-only']);
    expect(m?.reasons.map((r) => describeReason(r))).toEqual([
      "model `fraud-detector` is the case's system.model",
      "feature `hour_of_day` is the case's data.features",
    ]);
  });

  it('stays quiet when nothing matches, and without a manifest only paths can match', () => {
    const data = makeCase({
      system: { model: 'churn-xgb' },
      safeguards: [{ check: 'x', applies_to: { models: ['churn-*'], paths: ['deploy/**'] } }],
    }).data;
    expect(matchCase(data, deployment)).toBeUndefined();
    const pathOnly = makeCase({ safeguards: [{ check: 'x', applies_to: { paths: ['**/*.md'] } }] }).data;
    expect(matchCase(pathOnly, { changedPaths: ['docs/a.md'] })?.checks).toEqual(['x']);
    expect(matchCase(data, {})).toBeUndefined();
  });
});

describe('scoring', () => {
  it('maps scores to levels at the thresholds', async () => {
    const levels = riskPolicyOf((await fixtureConfig()).policy).levels;
    expect([0, 0.01, 9.99, 10, 25, 49.99, 50, 500].map((s) => levelOf(s, levels))).toEqual([
      'none',
      'low',
      'low',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
  });

  it('fails at or above fail_on, never at none', () => {
    expect(reaches('high', 'high')).toBe(true);
    expect(reaches('critical', 'high')).toBe(true);
    expect(reaches('medium', 'high')).toBe(false);
    expect(reaches('critical', 'none')).toBe(false);
  });

  it('halves the weight every half-life down to the floor', async () => {
    const policy = riskPolicyOf((await fixtureConfig()).policy);
    expect(recencyOf(0, policy)).toBe(1);
    expect(recencyOf(365, policy)).toBe(0.5);
    expect(recencyOf(3650, policy)).toBe(0.25);
    expect(recencyOf(undefined, policy)).toBe(1);
  });

  it('multiplies weight, status factor and recency', async () => {
    const policy = riskPolicyOf((await fixtureConfig()).policy);
    const c = contributionOf(
      makeCase({ severity: 'SEV1', status: 'resolved', occurred_at: '2025-01-01' }).data,
      policy,
      Date.parse('2026-01-01'),
    );
    expect(c).toEqual({
      weight: 10,
      statusFactor: 0.5,
      strengthFactor: 1,
      ageDays: 365,
      recency: 0.5,
      points: 2.5,
    });
    // A weak match weighs the policy's weak_match_factor.
    const weak = contributionOf(
      makeCase({ severity: 'SEV1', status: 'resolved', occurred_at: '2025-01-01' }).data,
      policy,
      Date.parse('2026-01-01'),
      'weak',
    );
    expect([weak.strengthFactor, weak.points]).toEqual([0.5, 1.25]);
  });

  it('fills the schema defaults for a policy without a risk block', () => {
    const policy = riskPolicyOf({
      id_prefix: 'FC',
      severities: [{ id: 'S1', label: 'x', weight: 3, description: 'x' }],
    });
    expect(policy).toMatchObject({ failOn: 'high', halfLifeDays: 365, recencyFloor: 0.25, maxWeight: 3 });
  });

  it('takes every risk default from the policy schema, into a copy', () => {
    const risk = SCHEMAS.policy.properties.risk.properties;
    const severities = [{ id: 'S1', label: 'x', weight: 3, description: 'x' }];
    const partial = { id_prefix: 'FC', severities, risk: { levels: { high: 30 } } };
    expect(riskPolicyOf(partial)).toEqual({
      failOn: risk.fail_on.default,
      levels: { ...defaultsOf(risk.levels.properties), high: 30 },
      statusFactors: risk.status_factors.default,
      halfLifeDays: risk.recency_half_life_days.default,
      recencyFloor: risk.recency_floor.default,
      missingItemPoints: risk.missing_item_points.default,
      weights: { S1: 3 },
      maxWeight: 3,
      weakMatchFactor: risk.weak_match_factor.default,
      blocking: risk.blocking.default,
      approvers: risk.waivers.properties.approvers.default,
      allowBlockingWaivers: risk.waivers.properties.allow_blocking.default,
    });
    // The policy itself stays as written: an export of it shows no block its file lacks.
    expect(partial.risk).toEqual({ levels: { high: 30 } });
  });

  it('fills the levels of a risk block that leaves them out when the policy is loaded', () => {
    const policy = {
      id_prefix: 'FC',
      severities: [{ id: 'S1', label: 'x', weight: 3, description: 'x' }],
      risk: { fail_on: 'low' },
    } as Policy;
    expect(validateSchema('policy', 'policy.yaml', policy)).toEqual([]);
    expect(policy.risk!.levels).toEqual(
      defaultsOf(SCHEMAS.policy.properties.risk.properties.levels.properties),
    );
    // Without a risk block, loading adds none.
    const bare = { id_prefix: 'FC', severities: policy.severities } as Policy;
    expect(validateSchema('policy', 'policy.yaml', bare)).toEqual([]);
    expect(bare.risk).toBeUndefined();
  });
});

describe('assessRisk', () => {
  it('scores matched cases and missing items, body over manifest', async () => {
    const config = await fixtureConfig();
    const cases = [
      makeCase({
        id: 'FC-0900',
        severity: 'SEV1',
        status: 'investigating',
        occurred_at: TODAY,
        safeguards: [
          { check: 'validate-feature-ranges', applies_to: { models: ['fraud-*'] } },
          { check: 'shadow-deploy', applies_to: { models: ['fraud-*'] } },
          { check: 'slice-evaluation', applies_to: { models: ['fraud-*'] } },
        ],
        regression_tests: [{ id: 'night-slice', description: 'Night precision', path: 'tests/night.py' }],
      }),
      makeCase({
        id: 'FC-0901',
        severity: 'SEV3',
        status: 'resolved',
        occurred_at: TODAY,
        safeguards: [{ check: 'check-null-rates', applies_to: { models: ['fraud-*'] } }],
        regression_tests: [{ id: 'night-slice', description: 'Same test again', path: 'tests/night.py' }],
      }),
      makeCase({ id: 'FC-0902', system: { model: 'other' } }),
    ];
    const result = assessRisk(
      config,
      cases,
      {
        manifest: {
          model: 'fraud-detector',
          checklist: {
            'validate-feature-ranges': 'missing',
            'shadow-deploy': 'not-applicable',
            'made-up': true,
          },
        },
        body: '- [x] validate-feature-ranges\n- [ ] not-an-item',
      },
      { today: TODAY },
    );
    expect(result.matches.map((m) => [m.id, m.contribution.points])).toEqual([
      ['FC-0900', 10],
      ['FC-0901', 1],
    ]);
    expect(result.required.map((r) => [r.check, r.status, r.source, r.points, r.cases])).toEqual([
      ['slice-evaluation', 'missing', 'default', 10, ['FC-0900']],
      ['check-null-rates', 'missing', 'default', 2, ['FC-0901']],
      ['validate-feature-ranges', 'done', 'pr-body', 0, ['FC-0900']],
      ['shadow-deploy', 'not-applicable', 'manifest', 0, ['FC-0900']],
    ]);
    expect(result.score).toBe(23);
    expect(result.level).toBe('medium');
    expect(result.failed).toBe(false);
    expect(result.regressionTests).toEqual([
      { id: 'night-slice', description: 'Night precision', path: 'tests/night.py', case: 'FC-0900' },
    ]);
    expect(result.unknownItems).toEqual(['made-up', 'not-an-item']);
    expect(
      assessRisk(config, cases, { manifest: { model: 'fraud-detector' } }, { today: TODAY, failOn: 'medium' })
        .failed,
    ).toBe(true);
  });

  it('is none and passes when nothing matches', async () => {
    const result = assessRisk(
      await fixtureConfig(),
      [makeCase({ system: { model: 'x' } })],
      { manifest: { model: 'y' } },
      { today: TODAY },
    );
    expect(result).toMatchObject({ level: 'none', score: 0, failed: false, matches: [], required: [] });
  });

  it('fails on manifest errors whatever the score', async () => {
    const { findings } = readManifest('deploy.yml', bytes('model: 3\n'));
    const result = assessRisk(await fixtureConfig(), [], {}, { today: TODAY, findings });
    expect(result.failed).toBe(true);
  });

  it('produces the documented JSON shape', async () => {
    const config = await fixtureConfig();
    const result = assessRisk(
      config,
      [
        makeCase({
          id: 'FC-0903',
          title: 'T',
          system: { model: 'm' },
          safeguards: [{ check: 'shadow-deploy', applies_to: { models: ['m'] } }],
        }),
      ],
      { manifest: { model: 'm' } },
      { today: TODAY },
    );
    const json = checkResultOf(result) as unknown as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['level', 'score', 'matches', 'required', 'regression_tests']),
    );
    expect(json.matches).toEqual([
      expect.objectContaining({
        id: 'FC-0903',
        title: 'T',
        severity: 'SEV2',
        strength: 'strong',
        reasons: [
          expect.objectContaining({
            kind: 'model',
            via: 'case',
            text: "model `m` is the case's system.model",
          }),
          expect.objectContaining({
            kind: 'model',
            via: 'safeguard',
            check: 'shadow-deploy',
            text: 'model `m` matches safeguard glob `m` (`shadow-deploy`)',
          }),
        ],
      }),
    ]);
    expect(json.required).toEqual([
      expect.objectContaining({
        item: 'shadow-deploy',
        title: 'Run the release in shadow first',
        status: 'missing',
        cases: ['FC-0903'],
      }),
    ]);
  });
});

describe('readManifest', () => {
  it('reads a valid manifest', () => {
    const r = readManifest(
      'd.yml',
      bytes('model: fraud-detector\nfeatures: [a]\nchecklist:\n  shadow-deploy: true\n'),
    );
    expect(r.findings).toEqual([]);
    expect(r.manifest).toEqual({
      model: 'fraud-detector',
      features: ['a'],
      checklist: { 'shadow-deploy': true },
    });
  });

  it('puts schema problems at their line', () => {
    const r = readManifest(
      'd.yml',
      bytes('model: fraud-detector\nenvironment: production\nchecklist:\n  shadow-deploy: maybe\n'),
    );
    expect(r.manifest).toBeUndefined();
    expect(r.findings.map((f) => [f.line, f.column, f.rule])).toEqual([[4, 18, 'schema']]);
  });

  it('puts syntax errors at their line and reports a missing file', () => {
    const r = readManifest('d.yml', bytes('model: a\nfeatures: [a, b\n'));
    expect(r.manifest).toBeUndefined();
    expect(r.findings[0]).toMatchObject({ file: 'd.yml', severity: 'error' });
    expect(r.findings[0]!.line).toBeGreaterThanOrEqual(2);
    expect(readManifest('d.yml', undefined).findings[0]?.rule).toBe('deploy-missing');
  });
});

describe('reading cases for the check', () => {
  const keys = new Set(['id', 'system']);

  it('keeps only the top-level blocks the check reads', () => {
    const yaml = [
      '# comment',
      'id: FC-1',
      'timeline:',
      '  - at: 2025-01-01',
      '    event: "x: y"',
      'system:',
      '  model: m',
      '',
      '  environment: prod',
      'summary: >-',
      '  text',
    ].join('\n');
    expect(pickTopLevel(yaml, keys)).toBe(
      ['id: FC-1', 'system:', '  model: m', '', '  environment: prod', ''].join('\n'),
    );
  });

  it('keeps only the named children of a block, and the block as it is when they are not plain entries', () => {
    const children = new Map([['system', new Set(['model'])]]);
    const yaml = [
      'id: FC-1',
      'system:',
      '  model_version: 2',
      '  model: m # the name',
      '  # about the components',
      '  components:',
      '    - a',
      '',
      '  environment: prod',
    ].join('\n');
    expect(pickTopLevel(yaml, keys, children)).toBe(
      ['id: FC-1', 'system:', '  model: m # the name', '  # about the components', ''].join('\n'),
    );
    const asIs = (block: string) =>
      expect(pickTopLevel(`id: FC-1\n${block}`, keys, children)).toBe(`id: FC-1\n${block}`);
    asIs('system: {model: m, environment: prod}\n');
    asIs('system:\n  - model: m\n');
    asIs('system:\n    model: m\n  environment: prod\n');
    asIs('system:\n  "model": m\n  environment: prod\n');
  });

  it('gives up on anything but a plain block mapping, so the whole file is parsed', () => {
    expect(pickTopLevel('---\nid: a\n', keys)).toBeUndefined();
    expect(pickTopLevel('"id": a\n', keys)).toBeUndefined();
    expect(pickTopLevel('? id\n: a\n', keys)).toBeUndefined();
    expect(pickTopLevel('base: &b {model: m}\nsystem: *b\n', keys)).toBeUndefined();
    expect(pickTopLevel('system:\n  <<: {model: m}\n', keys)).toBeUndefined();
  });

  it('reads the same case through the shortcut and the full parse', () => {
    const text = readFileSync(
      'test/fixtures/risk/catalog/cases/FC-0001-fraud-model-blocks-night-transactions.yaml',
      'utf8',
    );
    const plain = readRiskCase('a.yaml', bytes(text));
    const full = readRiskCase('a.yaml', bytes(`---\n${text}`));
    expect(plain).toBeDefined();
    expect(plain).toEqual(full);
    const md = readRiskCase('a.md', bytes(`---\n${text}---\n\n## Impact\n\nText.\n`));
    expect(md?.data).toEqual(plain?.data);
  });

  it('leaves out files whose fields the check reads are invalid, but not those with other problems', () => {
    expect(
      readRiskCase('a.yaml', bytes('id: FC-1\ntitle: T\nstatus: resolved\nseverity: SEV1\n')),
    ).toBeUndefined();
    expect(
      readRiskCase(
        'a.yaml',
        bytes(
          'id: FC-0001\ntitle: A long enough title\nsummary: S\nstatus: done\nseverity: SEV1\noccurred_at: 2025-01-01\n',
        ),
      ),
    ).toBeUndefined();
    expect(readRiskCase('a.yaml', bytes('id: [\n'))).toBeUndefined();
    expect(readRiskCase('a.yaml', new Uint8Array([0xff, 0xfe, 0x00]))).toBeUndefined();
    const ok = readRiskCase(
      'a.yaml',
      bytes(
        'id: FC-0001\ntitle: A long enough title\nsummary: Some summary text here.\nstatus: resolved\nseverity: SEV1\noccurred_at: 2025-01-01\nimpact: {users_affected: many}\n',
      ),
    );
    expect(ok?.data.id).toBe('FC-0001');
  });

  it('reads the fields of system and data it needs, whatever the others hold, by either route', () => {
    const text =
      'id: FC-0001\ntitle: A long enough title\nstatus: resolved\nseverity: SEV1\noccurred_at: 2025-01-01\n' +
      'system:\n  model: fraud-gbm\n  model_version: [not, a, string]\n' +
      'data:\n  sources: [card_tx]\n  slices: oops\n  features: [hour]\n';
    const expected = { model: 'fraud-gbm', sources: ['card_tx'], features: ['hour'] };
    for (const variant of [text, `---\n${text}`]) {
      const r = readRiskCase('a.yaml', bytes(variant));
      expect({
        model: r?.data.system?.model,
        sources: r?.data.data?.sources,
        features: r?.data.data?.features,
      }).toEqual(expected);
    }
    // A field the check reads is still checked: a model that is not a string leaves the case out.
    expect(readRiskCase('a.yaml', bytes(text.replace('model: fraud-gbm', 'model: [a]')))).toBeUndefined();
    expect(
      readRiskCase('a.yaml', bytes(`---\n${text.replace('model: fraud-gbm', 'model: [a]')}`)),
    ).toBeUndefined();
  });
});

/** The `default` of each property of a schema node. */
function defaultsOf(properties: Record<string, { default?: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).map(([key, p]) => [key, p.default]));
}
