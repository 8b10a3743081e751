/** Renderers over one list of findings. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/model/findings.ts';
import { renderFindings } from '../../core/validate/report.ts';
import { RULES } from '../../core/model/rules.ts';

const findings: Finding[] = [
  {
    file: 'catalog/cases/FC-0001-fraud.md',
    line: 12,
    column: 11,
    rule: 'severity-rubric',
    severity: 'error',
    message: 'Declared severity SEV3 is below SEV2, which the impact requires.',
    hint: 'Raise severity to SEV2 or higher.',
  },
  {
    file: 'catalog/cases/FC-0002-churn, v2.yaml',
    line: 3,
    column: 8,
    rule: 'blameless',
    severity: 'warning',
    message: 'The text names a person as the cause ("Bob forgot"): 100% sure',
    hint: 'Describe the system.\nNot the person.',
  },
];
const summary = { files: 2, cases: 2, findings };

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: unknown }[];
}

describe('renderFindings', () => {
  it('reads like a compiler in text', () => {
    expect(renderFindings(summary, 'text')).toMatchInlineSnapshot(`
      "catalog/cases/FC-0001-fraud.md:12:11  error  Declared severity SEV3 is below SEV2, which the impact requires.  [severity-rubric]
          hint: Raise severity to SEV2 or higher.
      catalog/cases/FC-0002-churn, v2.yaml:3:8  warning  The text names a person as the cause ("Bob forgot"): 100% sure  [blameless]
          hint: Describe the system.\\nNot the person.

      ✖ 2 files, 2 cases: 1 error, 1 warning
      "
    `);
  });

  it('says so when the catalog is clean, and colours only on request', () => {
    const clean = { files: 1, cases: 1, findings: [] };
    expect(renderFindings(clean, 'text')).toBe('✔ 1 file, 1 case: 0 errors, 0 warnings\n');
    expect(renderFindings(clean, 'text', { color: true })).toBe(
      '\u001b[32m✔ 1 file, 1 case: 0 errors, 0 warnings\u001b[0m\n',
    );
    expect(renderFindings(summary, 'text', { color: true })).toContain('\u001b[31merror\u001b[0m');
    expect(renderFindings(summary, 'text')).not.toContain('\u001b[');
  });

  it('has the exact JSON shape', () => {
    expect(JSON.parse(renderFindings(summary, 'json'))).toEqual({
      ok: false,
      files: 2,
      cases: 2,
      errors: 1,
      warnings: 1,
      findings,
    });
    expect(JSON.parse(renderFindings({ ...summary, findings: [findings[1]!] }, 'json')).ok).toBe(true);
    // Key order is part of the documented shape; extra properties never leak out.
    const extra = { ...findings[0]!, path: ['x'] } as Finding;
    expect(
      Object.keys(JSON.parse(renderFindings({ ...summary, findings: [extra] }, 'json')).findings[0]),
    ).toEqual(['file', 'line', 'column', 'rule', 'severity', 'message', 'hint']);
  });

  it('writes escaped GitHub workflow commands', () => {
    expect(renderFindings(summary, 'github').split('\n')).toEqual([
      '::error file=catalog/cases/FC-0001-fraud.md,line=12,col=11,title=failcat severity-rubric::Declared severity SEV3 is below SEV2, which the impact requires.%0AHint: Raise severity to SEV2 or higher.',
      '::warning file=catalog/cases/FC-0002-churn%2C v2.yaml,line=3,col=8,title=failcat blameless::The text names a person as the cause ("Bob forgot"): 100%25 sure%0AHint: Describe the system.%0ANot the person.',
      '',
    ]);
    expect(renderFindings({ files: 0, cases: 0, findings: [] }, 'github')).toBe('');
  });

  it('writes SARIF 2.1.0 with the required properties', () => {
    const sarif = JSON.parse(renderFindings(summary, 'sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif/);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('failcat');
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string } }[];
    expect(rules.map((r) => r.id)).toEqual(['blameless', 'severity-rubric']);
    expect(rules[0]!.shortDescription.text).toBe(RULES.blameless.description);
    expect(run.results).toHaveLength(2);
    for (const [i, result] of (run.results as SarifResult[]).entries()) {
      const f = findings[i]!;
      expect(result.ruleId).toBe(f.rule);
      expect(rules[result.ruleIndex]!.id).toBe(f.rule);
      expect(result.level).toBe(f.severity);
      expect(result.message.text).toContain(f.message);
      expect(result.locations[0].physicalLocation).toEqual({
        artifactLocation: {
          uri: f.file.split('/').map(encodeURIComponent).join('/'),
          uriBaseId: '%SRCROOT%',
        },
        region: { startLine: f.line, startColumn: f.column },
      });
    }
  });
});
