/** The risk check as a gate, through the CLI: blocking items, waivers, match strength, links. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../core/risk/assess.ts';
import type { CheckResult } from '../../core/risk/result.ts';
import { readBodyWaivers } from '../../core/risk/waivers.ts';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { FIXTURE_CATALOG, gateCatalog, makeCase } from './helpers.ts';

const GATE = 'test/fixtures/risk/gate';

function check(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/failcat.js', 'check', '--no-cache', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FAILCAT_TODAY: '2026-01-01', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], env: Record<string, string> = {}): CheckResult {
  const r = check([...args, '--format', 'json'], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as CheckResult;
}

const catalog = gateCatalog();
const GATE_ARGS = ['--catalog', catalog, '--deploy', `${GATE}/deploy.yml`, '--pr-body', `${GATE}/pr-body.md`];

describe('blocking items', () => {
  it('fail the check whatever the score, and say so first', () => {
    const r = json(GATE_ARGS);
    expect(r).toMatchObject({ outcome: 'failed', failed: true, level: 'medium', fail_on: 'high' });
    expect(r.failures).toEqual([
      {
        kind: 'blocking-item',
        item: 'validate-feature-ranges',
        text: 'Blocking item `validate-feature-ranges` is missing (required by FC-0001).',
      },
    ]);
    expect(r.required).toContainEqual(
      expect.objectContaining({ item: 'validate-feature-ranges', status: 'missing', blocking: true }),
    );
    const text = check(GATE_ARGS);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /^Risk: medium \(score 18\.25, fails at high\) — FAILED\n\nWhy it fails:\n {2}- Blocking item `validate-feature-ranges` is missing/,
    );
    const md = check([...GATE_ARGS, '--format', 'markdown']).stdout;
    expect(md.split('\n').slice(0, 4)).toEqual([
      '### 🟡 failcat risk check: **medium** (score 18.25, fails at high) — blocked',
      '',
      '> [!CAUTION]',
      '> **Blocked** whatever the score: 1 blocking checklist item missing.',
    ]);
  });

  it('block from a severity up only, and pass once done', () => {
    // FC-0001 is SEV1: validate-feature-ranges blocks from SEV1. Ticked, nothing blocks.
    const body = 'Done:\n- [x] validate-feature-ranges\n';
    const r = json(
      ['--catalog', catalog, '--deploy', `${GATE}/deploy.yml`, '--pr-body', '-'].slice(0, 4),
      {},
    );
    expect(r.required?.find((i) => i.item === 'validate-feature-ranges')?.blocking).toBe(true);
    const done = spawnSync(
      process.execPath,
      [
        'bin/failcat.js',
        'check',
        '--no-cache',
        '--catalog',
        catalog,
        '--deploy',
        `${GATE}/deploy.yml`,
        '--pr-body',
        '-',
        '--format',
        'json',
      ],
      { encoding: 'utf8', input: body, env: { ...process.env, FAILCAT_TODAY: '2026-01-01' } },
    );
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ outcome: 'passed', failures: [] });
    // In the plain fixture catalog nothing is blocking: the same deployment is only scored.
    const plain = json(['--catalog', FIXTURE_CATALOG, '--deploy', `${GATE}/deploy.yml`]);
    expect(plain.required?.every((i) => !i.blocking)).toBe(true);
  });
});

describe('blocking from a severity', () => {
  it('blocks for cases at or above it, not below', async () => {
    const { config } = await loadConfig(catalog, fsReader);
    const safeguards = [{ check: 'validate-feature-ranges', applies_to: { models: ['m'] } }];
    const blockingFor = (severity: string) =>
      assessRisk(
        config,
        [makeCase({ severity, safeguards })],
        { manifest: { model: 'm' } },
        { today: '2026-01-01' },
      ).required[0]!.blocking;
    expect([blockingFor('SEV1'), blockingFor('SEV2')]).toEqual([true, false]);
  });
});

describe('blocking in the policy', () => {
  it('names only severities the policy defines', async () => {
    const dir = gateCatalog();
    const policy = readFileSync(`${GATE}/policy.yaml`, 'utf8').replace(
      '    - item: shadow-deploy\n',
      '    - item: shadow-deploy\n      from_severity: SEV9\n',
    );
    writeFileSync(path.join(dir, 'policy.yaml'), policy);
    const { findings } = await loadConfig(dir, fsReader);
    expect(findings.map((f) => [f.rule, f.line, f.message])).toEqual([
      [
        'severity-ref',
        25,
        'Blocking item `shadow-deploy` names severity `SEV9`, which the policy does not define.',
      ],
    ]);
  });
});

describe('blocking across policy and checklist', () => {
  it('names checklist items and defined severities', async () => {
    const dir = gateCatalog();
    writeFileSync(
      path.join(dir, 'policy.yaml'),
      readFileSync(`${GATE}/policy.yaml`, 'utf8').replace('- item: shadow-deploy', '- item: shadow-deplyo'),
    );
    writeFileSync(
      path.join(dir, 'checklist.yaml'),
      readFileSync(`${GATE}/checklist.yaml`, 'utf8').replace('from_severity: SEV1', 'from_severity: Sev1'),
    );
    const { findings } = await loadConfig(dir, fsReader);
    expect(findings.map((f) => [path.basename(f.file), f.line, f.rule])).toEqual([
      ['policy.yaml', 24, 'checklist-ref'],
      ['checklist.yaml', 5, 'severity-ref'],
    ]);
    // The gate fixture itself is consistent.
    expect((await loadConfig(gateCatalog(), fsReader)).findings).toEqual([]);
  });
});

describe('waivers', () => {
  it('in the PR description that are not a list of waivers are a warning and apply nothing', () => {
    const body = 'x\n\n```failcat-waivers\n- item: slice-evaluation\n  reason: r\n  expires: tomorrow\n```\n';
    const r = readBodyWaivers(body);
    expect(r.waivers).toEqual([]);
    expect(r.findings.map((f) => [f.file, f.line, f.rule, f.severity])).toEqual([
      ['PR description', 4, 'waiver-invalid', 'warning'],
      ['PR description', 6, 'waiver-invalid', 'warning'],
    ]);
  });

  it('accept an item until its expiry, with reason, approver and days left', () => {
    const r = json(GATE_ARGS);
    expect(r.required).toContainEqual(
      expect.objectContaining({ item: 'slice-evaluation', status: 'waived', source: 'waiver', points: 0 }),
    );
    expect(r.waivers).toEqual([
      {
        item: 'slice-evaluation',
        reason: 'The night slice is evaluated in the weekly job; this release does not change the model.',
        approver: '@alice',
        expires: '2026-01-31',
        source: 'manifest',
        state: 'active',
        days_left: 30,
      },
      expect.objectContaining({
        item: 'validate-feature-ranges',
        state: 'rejected',
        note: "the item is blocking and the policy's risk.waivers.allow_blocking is false",
      }),
      expect.objectContaining({
        case: 'FC-0005',
        source: 'pr-body',
        state: 'rejected',
        note: "its approver is not in the policy's risk.waivers.approvers",
      }),
    ]);
    const text = check(GATE_ARGS).stdout;
    expect(text).toContain(
      'active: item slice-evaluation until 2026-01-31 (30 days left), approved by @alice, manifest: The night slice',
    );
    const md = check([...GATE_ARGS, '--format', 'markdown']).stdout;
    expect(md).toContain(
      '| ✅ active | item `slice-evaluation` | The night slice is evaluated in the weekly job; this release does not change the model. | @\u200dalice | 2026-01-31 (30 d left) | manifest |',
    );
  });

  it('count as missing again after the expiry, on the clock tests set', () => {
    for (const r of [
      json([...GATE_ARGS, '--today', '2026-02-01']),
      json(GATE_ARGS, { FAILCAT_TODAY: '2026-02-01' }),
    ]) {
      expect(r.waivers?.[0]).toMatchObject({ item: 'slice-evaluation', state: 'expired', days_left: -1 });
      expect(r.required).toContainEqual(
        expect.objectContaining({ item: 'slice-evaluation', status: 'missing', points: 10 }),
      );
      expect(r.next_steps.map((s) => s.action)).toContain('renew-waiver');
    }
    // On its last day it still holds.
    expect(json(GATE_ARGS, { FAILCAT_TODAY: '2026-01-31' }).waivers?.[0]).toMatchObject({
      state: 'active',
      days_left: 0,
    });
    const bad = check(GATE_ARGS, { FAILCAT_TODAY: 'soon' });
    expect([bad.code, bad.stderr]).toEqual([
      1,
      expect.stringContaining('FAILCAT_TODAY must be a date (YYYY-MM-DD); got "soon".'),
    ]);
  });

  it('accept a whole case from the PR description when the approver may', () => {
    const r = json([
      '--catalog',
      FIXTURE_CATALOG,
      '--deploy',
      `${GATE}/deploy.yml`,
      '--pr-body',
      `${GATE}/pr-body.md`,
    ]);
    expect(r.waivers).toContainEqual(
      expect.objectContaining({ case: 'FC-0005', state: 'active', days_left: 180 }),
    );
    expect(r.matches?.find((m) => m.id === 'FC-0005')).toMatchObject({
      waived: true,
      contribution: { points: 0 },
    });
    expect(r.regression_tests?.map((t) => t.case)).not.toContain('FC-0005');
  });
});

describe('match strength', () => {
  it('marks a match through shared data only as weak: less weight, only the safeguards it meets', () => {
    // A billing LLM shares a data source and a feature with the fraud model's case.
    const deploy = `${GATE}/deploy-weak.yml`;
    const r = json(['--catalog', FIXTURE_CATALOG, '--deploy', deploy]);
    const fc1 = r.matches?.find((m) => m.id === 'FC-0001');
    expect(fc1).toMatchObject({ strength: 'weak', contribution: { strength_factor: 0.5, points: 3.53 } });
    expect(r.required?.map((i) => i.item)).toEqual(['slice-evaluation']);
    const text = check(['--catalog', FIXTURE_CATALOG, '--deploy', deploy]).stdout;
    expect(text).toContain('Weak matches (1; ×0.5, only the safeguards they meet):\n  FC-0001');
    expect(text).not.toContain('Matched cases');
  });
});

describe('links', () => {
  it("link every case id to its page on the policy's site", () => {
    const r = json(GATE_ARGS);
    expect(r.catalog.site_url).toBe('https://failures.example.org/catalog/');
    expect(r.matches?.[0]?.url).toBe('https://failures.example.org/catalog/cases/FC-0001/');
    const md = check([...GATE_ARGS, '--format', 'markdown']).stdout;
    expect(md).toContain('[**FC-0001**](https://failures.example.org/catalog/cases/FC-0001/) Fraud model');
    // Every case id outside code spans is a link.
    const bare = md.replace(/\[[^\]]*\]\([^)]*\)/g, '').replace(/`[^`]*`/g, '');
    expect(bare).not.toMatch(/FC-\d{4}/);
    expect(check(GATE_ARGS).stdout).toContain('https://failures.example.org/catalog/cases/FC-0001/');
  });
});
