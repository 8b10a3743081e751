/** Translation of ajv errors into findings a contributor can act on. */
import { describe, expect, it } from 'vitest';
import { SCHEMAS, validateSchema } from '../../core/model/schemas.ts';
import { makeCase } from '../helpers/catalog.ts';

const pick = (findings: ReturnType<typeof validateSchema>) =>
  findings.map(({ path, atKey, message, hint }) => ({ path, atKey, message, hint }));

describe('validateSchema', () => {
  it('accepts the factory case and fills in schema defaults', () => {
    const data = makeCase({ visibility: undefined });
    expect(validateSchema('case', 'c.yaml', data)).toEqual([]);
    expect(data.visibility).toBe('internal');
  });

  it('counts characters, not UTF-16 code units, against length limits', () => {
    // The title allows 8 to 160 characters; each emoji is one character and two code units.
    const title = (n: number) => '\u{1F600}'.repeat(n);
    const rules = (t: string) => validateSchema('case', 'x.yaml', makeCase({ title: t })).map((f) => f.rule);
    expect(rules(title(8))).toEqual([]);
    expect(rules(title(160))).toEqual([]);
    expect(rules(title(161))).toEqual(['schema']);
    expect(rules(title(7))).toEqual(['schema']);
    expect(rules('x'.repeat(160))).toEqual([]);
    expect(rules('x'.repeat(161))).toEqual(['schema']);
  });

  it('names an unknown field at its key, with "did you mean"', () => {
    const data = { ...makeCase(), sumary: 'x' } as Record<string, unknown>;
    expect(pick(validateSchema('case', 'c.yaml', data))).toEqual([
      { path: ['sumary'], atKey: true, message: 'Unknown field `sumary`.', hint: 'Did you mean `summary`?' },
    ]);
  });

  it('lists known fields when an unknown nested field resembles none', () => {
    const data = makeCase({ system: { zzz: 1 } as never });
    const [finding] = validateSchema('case', 'c.yaml', data);
    expect(finding).toMatchObject({
      path: ['system', 'zzz'],
      atKey: true,
      message: 'Unknown field `zzz` in `system`.',
    });
    expect(finding!.hint).toMatch(/^Known fields: model, model_version, environment, components\./);
  });

  it('explains a missing required field with its description', () => {
    const data = makeCase({ title: undefined });
    expect(pick(validateSchema('case', 'c.yaml', data))).toEqual([
      {
        path: [],
        atKey: false,
        message: 'Missing required field `title`.',
        hint: `Add \`title\`: ${SCHEMAS.case.properties.title.description.charAt(0).toLowerCase()}${SCHEMAS.case.properties.title.description.slice(1)}`,
      },
    ]);
  });

  it('points a nested missing field at its parent key', () => {
    const data = makeCase({ detection: { method: undefined } as never });
    expect(validateSchema('case', 'c.yaml', data)).toMatchObject([
      { path: ['detection'], atKey: true, message: 'Missing required field `method` in `detection`.' },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const data = makeCase({ status: 'closed' as never });
    expect(pick(validateSchema('case', 'c.yaml', data))).toEqual([
      {
        path: ['status'],
        atKey: undefined,
        message: '`status` is "closed", not one of the allowed values.',
        hint: 'Use one of: draft, investigating, mitigated, resolved, wont-fix.',
      },
    ]);
  });

  it('names expected and actual types in words', () => {
    const messages = (data: unknown) => validateSchema('case', 'c.yaml', data).map((f) => f.message);
    expect(messages(makeCase({ tags: 'fraud' as never }))).toEqual([
      '`tags` must be a list, not string "fraud".',
    ]);
    expect(messages(makeCase({ system: 'fraud-gbm' as never }))).toEqual([
      '`system` must be a mapping, not string "fraud-gbm".',
    ]);
    expect(messages(makeCase({ impact: { users_affected: 1.5 } }))).toEqual([
      '`impact.users_affected` must be an integer, not number 1.5.',
    ]);
    expect(messages(makeCase({ root_causes: [null] as never }))).toEqual([
      '`root_causes[0]` must be a mapping, not empty.',
    ]);
  });

  it('says "one of" for a rubric rule that needs equals or at_least', () => {
    const rule = { id: 'r', field: 'impact.safety', min_severity: 'SEV1' };
    const policy = (r: Record<string, unknown>) => ({
      id_prefix: 'FC',
      severities: [{ id: 'SEV1', label: 'x', weight: 1, description: 'x' }],
      rubric: [r],
    });
    expect(pick(validateSchema('policy', 'policy.yaml', policy(rule)))).toEqual([
      {
        path: ['rubric', 0],
        atKey: undefined,
        message: '`rubric[0]` needs one of `equals` or `at_least`.',
        hint: 'Add `equals` or `at_least`.',
      },
    ]);
    expect(
      validateSchema('policy', 'policy.yaml', policy({ ...rule, equals: true, at_least: 1 })).map(
        (f) => f.message,
      ),
    ).toEqual(['`rubric[0]` has more than one of `equals` or `at_least`.']);
    expect(validateSchema('policy', 'policy.yaml', policy({ ...rule, equals: true }))).toEqual([]);
  });

  it('describes a wrongly formed date with the schema description', () => {
    const [finding] = validateSchema('case', 'c.yaml', makeCase({ occurred_at: '10/01/2025' }));
    expect(finding!.message).toBe('`occurred_at` has the wrong form: "10/01/2025".');
    expect(finding!.hint).toMatch(/^ISO 8601/);
  });
});
