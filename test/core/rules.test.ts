/**
 * Data-driven rule fixtures: every folder under test/fixtures/rules/<rule-id>/ holds
 * `fires*` scenarios (case files next to the exact findings they must produce) and
 * `quiet*` scenarios (near misses that must produce no finding at all).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCaseFile, validateCatalog } from '../../core/validate/catalog.ts';
import { loadConfig } from '../../core/validate/catalog-config.ts';
import type { RuleContext } from '../../core/validate/config.ts';
import { parseDate } from '../../core/model/dates.ts';
import type { PendingFinding } from '../../core/model/findings.ts';
import { RULES, ruleIdsOf } from '../../core/model/rules.ts';
import { SENSITIVE, BLAME } from '../../core/validate/rules/text-patterns.ts';
import { compilePrefilter } from '../../core/validate/rules/prefilter.ts';
import { createTextRule } from '../../core/validate/rules/text-scan.ts';
import { parseSource } from '../../core/parse/source.ts';
import { fsReader } from '../../node/fs-reader.ts';
import {
  caseMarkdown,
  caseYaml,
  catalogFromScenario,
  FIXTURES,
  makeCase,
  relativeFindings,
  removeTemp,
  type FindingAt,
} from '../helpers/catalog.ts';

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
/** Rules whose firing input cannot be committed (too big; links, FIFOs): test/core/hostile.test.ts and test/node/fs-reader.test.ts generate it. */
const GENERATED_FIRING = new Set(['file-too-large', 'unreadable-file']);

const ruleDirs = readdirSync(RULE_FIXTURES).sort();
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

async function runScenario(scenario: string) {
  const dir = await catalogFromScenario(scenario);
  temps.push(dir);
  const result = await validateCatalog(dir, fsReader);
  return { result, found: relativeFindings(result.findings, dir) };
}

describe('rule fixtures', () => {
  it('has a folder for every rule about catalog files, and no folder for another rule', () => {
    expect(ruleDirs).toEqual(ruleIdsOf('catalog').sort());
  });

  for (const rule of ruleDirs) {
    const scenarios = readdirSync(path.join(RULE_FIXTURES, rule)).sort();
    describe(rule, () => {
      it('has a quiet scenario, and a firing one unless generated', () => {
        expect(scenarios.some((s) => s.startsWith('quiet'))).toBe(true);
        if (!GENERATED_FIRING.has(rule)) expect(scenarios.some((s) => s.startsWith('fires'))).toBe(true);
      });

      for (const scenario of scenarios.filter((s) => s.startsWith('fires'))) {
        it(`${scenario}: produces exactly the expected findings`, async () => {
          const folder = path.join(RULE_FIXTURES, rule, scenario);
          const expectedFile = path.join(folder, 'expected.json');
          expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
          const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as FindingAt[];
          // A firing fixture that does not fire its own rule proves nothing.
          expect(expected.some((f) => f.rule === rule)).toBe(true);
          const { result, found } = await runScenario(folder);
          expect(found).toEqual(expected);
          for (const f of result.findings) {
            expect(f.message.length, `message of ${f.rule}`).toBeGreaterThan(10);
            expect(f.hint.length, `hint of ${f.rule}`).toBeGreaterThan(10);
            expect(RULES[f.rule]?.scope, `rule ${f.rule} is a catalog rule in RULES`).toBe('catalog');
          }
        });
      }

      for (const scenario of scenarios.filter((s) => s.startsWith('quiet'))) {
        it(`${scenario}: produces no finding`, async () => {
          const { result, found } = await runScenario(path.join(RULE_FIXTURES, rule, scenario));
          expect(found).toEqual([]);
          expect(result.caseCount).toBeGreaterThan(0);
        });
      }
    });
  }
});

describe('the fixture catalog', () => {
  it('validates clean, with cases in both formats', async () => {
    const dir = path.join(FIXTURES, 'catalog');
    const result = await validateCatalog(dir, fsReader, { keepRecords: true });
    expect(result.findings).toEqual([]);
    expect(result.caseCount).toBe(3);
    expect(new Set(result.cases.map((c) => c.format))).toEqual(new Set(['markdown', 'yaml']));
  });

  it('gives a result the parsed record only when asked', async () => {
    const { ctx } = await loadConfig(path.join(FIXTURES, 'catalog'), fsReader);
    const file = path.join(
      FIXTURES,
      'catalog',
      'cases',
      readdirSync(path.join(FIXTURES, 'catalog', 'cases'))[0]!,
    );
    const bytes = readFileSync(file);
    const lean = checkCaseFile(file, bytes, ctx);
    expect(lean.summary?.id).toMatch(/^FC-/);
    expect(lean.record).toBeUndefined();
    const kept = checkCaseFile(file, bytes, ctx, { keepRecords: true });
    expect(kept.record?.data.id).toBe(lean.summary?.id);
  });
});

describe('the sensitive-data and wording scan', () => {
  // One example of every pattern in text-patterns.ts: each must get past the prefilter
  // that lets clean cases skip the positioned scan, and fire its rule.
  const examples: [string, string][] = [
    ['secret', '-----BEGIN RSA PRIVATE KEY-----'],
    ['secret', 'AKIAABCDEFGHIJKLMNOP'],
    ['secret', 'ASIAABCDEFGHIJKLMNOP'],
    ['secret', `ghp_${'a1'.repeat(18)}`],
    ['secret', `gho_${'a1'.repeat(18)}`],
    ['secret', `github_pat_${'a1'.repeat(21)}`],
    ['secret', 'xoxb-1234567890-abcdef'],
    ['secret', `sk-proj-${'x9'.repeat(12)}`],
    ['secret', `rk_live_${'x9'.repeat(12)}`],
    // After a Kelvin sign, which lower-cases to `k` (the prefilters read lower case).
    ['secret', `\u212Ask-live_${'x9'.repeat(12)}`],
    ['secret', `AIza${'b2'.repeat(17)}c`],
    ['secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop'],
    ['secret', 'postgres://svc:hunter2secret@db.internal.net/prod'],
    ['secret', 'password = hunter2hunter2'],
    ['secret', 'api_key: abcdefgh1234'],
    ['secret', 'apikey=abcdefgh1234'],
    ['secret', 'secret-key: abcdefgh1234'],
    ['secret', 'access_token=abcdefgh1234'],
    ['secret', 'auth-token: abcdefgh1234'],
    ['secret', 'client_secret=abcdefgh1234'],
    ['personal-data', 'write to jane.doe@acme.io'],
    ['personal-data', 'call +1 415 555 0100'],
    ['personal-data', 'call (415) 555-0100'],
    ['personal-data', 'call 415-555-0100'],
    ['personal-data', 'call 415.555.0100'],
    ['blameless', "It was Jane's fault"],
    ['blameless', 'It was Jane Doe’s mistake'],
    ['blameless', "It was Jane's negligence"],
    ['blameless', "It was Jane's carelessness"],
    ['blameless', "It was Jane's error"],
    ['blameless', "It was Jane's oversight"],
    ['blameless', "It was Jane's blunder"],
    ['blameless', 'It was the fault of Jane'],
    ['blameless', 'It was a mistake by Jane Doe'],
    ['blameless', 'Jane forgot the flag'],
    ['blameless', 'Jane, who neglected the alert'],
    ['blameless', 'Jane carelessly shipped it'],
    ['blameless', 'Jane recklessly shipped it'],
    ['blameless', 'Jane messed up the rollout'],
    ['blameless', 'Jane screwed up the rollout'],
    ['blameless', 'Jane should have known'],
    ['blameless', 'Jane was careless'],
    ['blameless', "Jane didn't bother to check"],
    ['blameless', 'Jane did not bother to check'],
    ['blameless', 'Nobody is to blame here'],
    ['blameless', 'the team blamed the vendor'],
    ['blameless', 'a culprit was found'],
    ['blameless', 'a scapegoat was found'],
    ['blameless', 'caused by human error'],
  ];
  let ctx: RuleContext;
  beforeAll(async () => {
    ({ ctx } = await loadConfig(path.join(FIXTURES, 'catalog'), fsReader));
  });

  const rulesFired = (file: string, text: string) =>
    checkCaseFile(file, new TextEncoder().encode(text), ctx).findings.map((f) => f.rule);
  const isFast = (file: string, text: string) => parseSource(file, new TextEncoder().encode(text)).fast;
  /** A public case in the fast YAML path's subset (js-yaml dumps a matrix as `- - 0`, outside it). */
  const publicCase = (summary: string) => {
    const data = makeCase({ visibility: 'public', summary });
    delete data.evidence?.confusion_matrix;
    return data;
  };

  it.each(examples)('%s fires on "%s"', (rule, text) => {
    const yaml = caseYaml(publicCase(`The rollout went wrong. ${text} in the end.`));
    expect(isFast('cases/FC-0101-x.yaml', yaml)).toBe(true);
    expect(rulesFired('cases/FC-0101-x.yaml', yaml)).toContain(rule);
  });

  // Each example must get through whichever YAML parser reads the file, and from a folded
  // block scalar whose line breaks fall between the words of a phrase, and from a body.
  it.each(examples)('%s fires on "%s" written across the lines of a folded block', (rule, text) => {
    const yaml = caseYaml(publicCase('PLACEHOLDER')).replace(
      'summary: PLACEHOLDER',
      `summary: >-\n  The rollout went wrong.\n  ${text.replace(/ /g, '\n  ')}\n  in the end.`,
    );
    expect(isFast('cases/FC-0101-x.yaml', yaml)).toBe(true);
    expect(rulesFired('cases/FC-0101-x.yaml', yaml)).toContain(rule);
  });

  it.each(examples)('%s fires on "%s" in a file only the general YAML parser reads', (rule, text) => {
    const yaml = caseYaml(publicCase('PLACEHOLDER')).replace(
      'summary: PLACEHOLDER',
      `summary: !!str ${JSON.stringify(`The rollout went wrong. ${text} in the end.`)}`,
    );
    expect(isFast('cases/FC-0101-x.yaml', yaml)).toBe(false);
    expect(rulesFired('cases/FC-0101-x.yaml', yaml)).toContain(rule);
  });

  it.each(examples)('%s fires on "%s" in a Markdown body', (rule, text) => {
    const md = caseMarkdown(
      publicCase('The rollout went wrong.'),
      `## What happened\n\nThe rollout went wrong. ${text} in the end.\n`,
    );
    expect(isFast('cases/FC-0101-x.md', md)).toBe(true);
    expect(rulesFired('cases/FC-0101-x.md', md)).toContain(rule);
  });
});

describe('a pattern added to the text scan', () => {
  let ctx: RuleContext;
  beforeAll(async () => {
    ({ ctx } = await loadConfig(path.join(FIXTURES, 'catalog'), fsReader));
  });

  /** The messages a text rule over `patterns` gives for a public case whose summary says `text`. */
  const messagesOf = (rule: ReturnType<typeof createTextRule>, text: string) => {
    const data = makeCase({ visibility: 'public', summary: `The rollout went wrong. ${text} in the end.` });
    const found: PendingFinding[] = [];
    rule({ file: 'cases/FC-0101-x.yaml', data, body: '', bodyLine: 1, sections: [] }, ctx, (...args) =>
      found.push({
        file: '',
        rule: args[0],
        severity: 'error',
        path: args[1],
        message: args[2],
        hint: args[3],
      }),
    );
    return found.map((f) => f.message);
  };

  it('needs no other edit: the prefilter is derived from the patterns', () => {
    const token = { rule: 'secret' as const, name: 'a failcat test token', re: /\bfct_[a-z0-9]{16}\b/g };
    const shrug = { re: /\bnot my department\b/gi, message: () => 'The text passes the failure on.' };
    const rule = createTextRule({ sensitive: [...SENSITIVE, token], blame: [...BLAME, shrug] });
    const text = `fct_${'a1'.repeat(8)}, NOT my department`;
    expect(messagesOf(rule, text)).toEqual([
      'The case contains what looks like a failcat test token.',
      'The text passes the failure on.',
    ]);
    // The shipped patterns know neither.
    expect(messagesOf(createTextRule({ sensitive: SENSITIVE, blame: BLAME }), text)).toEqual([]);
  });
});

describe('compilePrefilter', () => {
  it('keeps what each pattern needs from its first literal on', () => {
    const mayMatch = compilePrefilter([/\b[a-z]+@[a-z]+\.com\b/, /\b(?:AKIA|ASIA)[0-9A-Z]{4}\b/]);
    expect(mayMatch('write to x@acme.com')).toBe(true);
    expect(mayMatch('AKIAABCD')).toBe(true);
    expect(mayMatch('write to x at acme.com, AKIAABC')).toBe(false);
  });

  it('keeps each pattern to its own flags', () => {
    const mayMatch = compilePrefilter([/abc/g, /xyz/gi]);
    expect(mayMatch('XYZ')).toBe(true);
    expect(mayMatch('ABC')).toBe(false);
  });

  it('matches ^ and $ at the line breaks that join strings', () => {
    expect(compilePrefilter([/^foo$/])('first string\nfoo\n')).toBe(true);
  });

  it('tests a pattern with backreferences or octal escapes whole, on its own', () => {
    // Cut at its first literal, `-\1` would read as `-` and the character U+0001.
    expect(compilePrefilter([/([a-z])-\1/])('a-a')).toBe(true);
    // Joined after a group, the octal escape `\1` would read as a backreference to it.
    expect(compilePrefilter([/(x)/, new RegExp('a\\1b')])('a\u0001b')).toBe(true);
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2023-02-29', undefined],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['1900-02-29', undefined],
    ['2024-06-31', undefined],
    ['2024-00-10', undefined],
    ['2024-13-01', undefined],
    ['2024-04-31', undefined],
    ['2024-12-10T06:00:00Z', Date.parse('2024-12-10T06:00:00Z')],
    ['2024-12-10T06:00Z', Date.parse('2024-12-10T06:00Z')],
    ['2024-12-31T23:59:59Z', Date.parse('2024-12-31T23:59:59Z')],
    ['2024-12-10T06:00:00.250Z', Date.parse('2024-12-10T06:00:00.250Z')],
    ['2024-12-10T06:00:00+02:00', Date.parse('2024-12-10T04:00:00Z')],
    ['2024-12-10T06:00:00+0200', Date.parse('2024-12-10T04:00:00Z')],
    ['2024-12-10 06:00:00Z', Date.parse('2024-12-10T06:00:00Z')],
    ['2024-12-10T06:61:00Z', undefined],
    ['2024-02-30T06:00:00Z', undefined],
    ['yesterday', undefined],
  ])('reads %s', (value, expected) => {
    expect(parseDate(value)).toBe(expected);
  });
});
