/** Hints that tell the author exactly what to do: the wrong ones the newcomer run met, fixed. */
import { afterAll, describe, expect, it } from 'vitest';
import { validateCatalog } from '../../core/validate/catalog.ts';
import type { Finding } from '../../core/model/findings.ts';
import { headingFromSlug } from '../../core/model/text.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { caseMarkdown, caseYaml, makeCase, removeTemp, writeCatalog } from '../helpers/catalog.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

/** The findings of a catalog of these case files (fixture configuration). */
async function findings(cases: Record<string, string>): Promise<Finding[]> {
  const dir = await writeCatalog(cases);
  temps.push(dir);
  return (await validateCatalog(dir, fsReader)).findings;
}
const hintsOf = (all: Finding[], rule: string) => all.filter((f) => f.rule === rule).map((f) => f.hint);

describe('hints', () => {
  it('raise to the rubric floor without "or higher" when the floor is the most severe', async () => {
    const all = await findings({
      'FC-0101-churn-classifier-returned-all-ones-from-a-corrupt-feature-column.yaml': caseYaml(
        makeCase({ impact: { safety: true } }),
      ),
      'FC-0102-churn-classifier-returned-all-ones-from-a-corrupt-feature-column.yaml': caseYaml(
        makeCase({
          id: 'FC-0102',
          summary: 'Another failure entirely, with other words.',
          impact: { users_affected: 1500 },
        }),
      ),
    });
    expect(hintsOf(all, 'severity-rubric')).toEqual([
      'Raise severity to SEV1, or correct the impact field if it is wrong.',
      'Raise severity to SEV2 (or SEV1), or correct the impact field if it is wrong.',
    ]);
  });

  it('name a heading as an author writes it: `## Follow-up` for follow-up', async () => {
    expect(headingFromSlug('follow-up')).toBe('Follow-up');
    expect(headingFromSlug('root-causes')).toBe('Root causes');
    const all = await findings({
      'FC-0101-churn-classifier-returned-all-ones-from-a-corrupt-feature-column.md': caseMarkdown(
        makeCase({ severity: 'SEV1', impact: { safety: true } }),
        '\n## Impact\n\nAll customers.\n\n## Diagnosis\n\nA cast.\n',
      ),
    });
    expect(hintsOf(all, 'required-section')).toContain(
      'Add a `## Follow-up` heading with its text to the body.',
    );
  });

  it('propose a free id, not a file name another case has, for a copied case; and no "similar to itself"', async () => {
    const original = 'FC-0101-churn-model-scored-everyone.yaml';
    const copied = caseYaml(makeCase({ title: 'Churn model scored everyone' }));
    const all = await findings({ [original]: copied, 'FC-0102-copy.yaml': copied });
    const copy = all.filter((f) => f.file.endsWith('FC-0102-copy.yaml'));
    expect(copy.map((f) => f.rule).sort()).toEqual(['file-name', 'unique-id']);
    expect(copy.find((f) => f.rule === 'file-name')!.hint).toBe(
      `\`${original}\` is another case's file: give this case the next free id, \`id: FC-0103\`, and rename the file to \`FC-0103-churn-model-scored-everyone.yaml\`.`,
    );
    expect(all.filter((f) => f.rule === 'near-duplicate')).toEqual([]);
  });

  it('say "quote the value" for a value cut at a comma in a flow mapping', async () => {
    const text = caseYaml(makeCase()).replace(
      /^detection:\n(?: {2}.*\n)+/m,
      'detection: { method: monitoring, detected_by: on-call, ML team }\n',
    );
    const all = await findings({
      'FC-0101-churn-classifier-returned-all-ones-from-a-corrupt-feature-column.yaml': text,
    });
    const [hint] = hintsOf(all, 'schema');
    expect(hint).toContain('`ML team` has no value: if it is the rest of a value cut at a comma');
    expect(hint).toContain('quote that value');
    expect(hint).not.toContain('x-');
  });

  it('name the exact `redact` entry that hides personal data from a public build', async () => {
    const all = await findings({
      'FC-0101-churn-classifier-returned-all-ones-from-a-corrupt-feature-column.md': caseMarkdown(
        makeCase({ visibility: 'public', impact: { description: 'Reported by jane.doe@acme-payments.io.' } }),
        '\n## Diagnosis\n\nAsk ops.lead@acme-payments.io for the logs.\n',
      ),
    });
    const hints = hintsOf(all, 'personal-data');
    expect(hints).toHaveLength(2);
    expect(hints[0]).toContain("add `impact.description` to the case's `redact` list");
    expect(hints[1]).toContain("add `narrative.diagnosis` to the case's `redact` list");
  });
});
