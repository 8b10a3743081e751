/** The release workflow and the action reference failcat documents and writes. */
import { readFileSync } from 'node:fs';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { actionRef, majorTag } from '../../core/author/init.ts';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('the release workflow', () => {
  const workflow = jsyaml.load(readFileSync('.github/workflows/release.yml', 'utf8')) as {
    on: { workflow_dispatch: { inputs: { version: unknown } } };
    permissions: Record<string, string>;
    jobs: { release: { steps: { name?: string; run?: string }[] } };
  };
  const runs = workflow.jobs.release.steps.map((s) => s.run ?? '');
  const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));

  it('is started by hand with a version and may write only the repository contents', () => {
    expect(workflow.on.workflow_dispatch.inputs.version).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: 'write' });
  });

  it('refuses a stale action/dist, a version other than package.json, an existing tag, before tagging', () => {
    const tagging = at(/git tag "v\$VERSION"/);
    expect(tagging).toBeGreaterThan(0);
    for (const check of [
      /npm run check:dist/,
      /require\("\.\/package\.json"\)\.version/,
      /refs\/tags\/v\$VERSION/,
      /^npm test$/,
    ]) {
      expect(at(check), String(check)).toBeGreaterThanOrEqual(0);
      expect(at(check), String(check)).toBeLessThan(tagging);
    }
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts['check:dist']).toBe(
      'node action/build.ts --check',
    );
  });

  it('tags vX.Y.Z and moves the major tag vX that written workflows reference', () => {
    const script = runs[at(/git tag/)]!;
    expect(script).toContain('MAJOR="v${VERSION%%.*}"');
    expect(script).toContain('git tag -f "$MAJOR"');
    expect(script).toContain('git push -f origin "$MAJOR"');
    expect(majorTag('1.4.2')).toBe('v1');
    expect(majorTag('0.1.0')).toBe('v0');
  });

  it("the README names the action at this version's major release", () => {
    const refs = [...readFileSync('README.md', 'utf8').matchAll(/uses: (\S+\/action@\S+)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toBe(actionRef(VERSION));
  });
});
