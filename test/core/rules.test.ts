/**
 * Data-driven rule fixtures: every folder under test/fixtures/rules/<rule-id>/ holds
 * `fires*` scenarios (case files next to the exact findings they must produce) and
 * `quiet*` scenarios (near misses that must produce no finding at all).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/catalog.ts';
import { RULES } from '../../core/rules.ts';
import { fsReader } from '../../scripts/lib/fs-reader.ts';
import {
  catalogFromScenario,
  FIXTURES,
  relativeFindings,
  removeTemp,
  type FindingAt,
} from '../helpers/catalog.ts';

const RULE_FIXTURES = path.join(FIXTURES, 'rules');
/** Rules whose firing input is too big to commit; test/core/hostile.test.ts generates it. */
const GENERATED_FIRING = new Set(['file-too-large']);

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
  it('has a folder for every rule id, and no folder for an unknown rule', () => {
    expect(ruleDirs).toEqual(Object.keys(RULES).sort());
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
            expect(RULES[f.rule], `rule ${f.rule} is listed in RULES`).toBeDefined();
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
});
