/** The risk workflow `failcat init --model-repo` writes, run as the Actions runner would run its action step. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { actionRef } from '../../core/author/init.ts';
import { exportCatalog } from '../../core/publish/export.ts';
import { validateCatalog } from '../../core/validate/catalog.ts';
import { fsReader } from '../../node/fs-reader.ts';
import { startGitHubServer } from '../../tools/github-stand-in.ts';
import { makeWorkspace, runAction } from '../../tools/run-action.ts';
import { makeTemp, removeTemp } from '../helpers/catalog.ts';
import { runCli } from '../helpers/cli.ts';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map(removeTemp));
});

describe('the written risk workflow', () => {
  it("runs the action with the workflow's inputs against a catalog site made by failcat init", async () => {
    // A catalog repository as `failcat init` starts it, published as api/cases.json.
    const catalogRepo = await makeTemp('failcat-init-site-');
    temps.push(catalogRepo);
    expect((await runCli(['init', catalogRepo])).code).toBe(0);
    const catalog = await validateCatalog(path.join(catalogRepo, 'catalog'), fsReader, { keepRecords: true });
    const { taxonomy, policy, checklist } = catalog.config;
    const doc = JSON.stringify(
      exportCatalog({ taxonomy: taxonomy!, policy: policy!, checklist: checklist! }, catalog.cases, 'public'),
    );
    const site = createServer((req, res) => {
      res.writeHead(req.url === '/api/cases.json' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/api/cases.json' ? doc : '{}');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const gh = await startGitHubServer();
    try {
      const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/api/cases.json`;
      const ws = makeWorkspace('## Deployment checklist\n\n- [x] evaluate-critical-slices\n');
      temps.push(path.dirname(ws.dir));
      expect((await runCli(['init', '--model-repo', '--catalog', url, ws.dir])).code).toBe(0);
      const workflow = jsyaml.load(
        readFileSync(path.join(ws.dir, '.github/workflows/failcat-risk.yml'), 'utf8'),
      ) as { jobs: { risk: { steps: { uses?: string; with?: Record<string, string> }[] } } };
      const step = workflow.jobs.risk.steps.find((s) => s.uses === actionRef(VERSION));
      expect(step?.with).toBeDefined();
      gh.prFiles.set(1, [{ filename: '.failcat/deploy.yml', status: 'modified' }]);

      const run = await runAction(ws, gh.url, step!.with!);
      expect(run.stderr).toBe('');
      expect(run.outputs).toMatchObject({ mode: 'risk', matched: '1', missing: '0' });
      expect(run.code).toBe(0);
      const comment = (gh.comments.get(1) ?? []).at(-1)?.body ?? '';
      expect(comment).toContain('FC-0001');
    } finally {
      await gh.close();
      await new Promise<void>((resolve) => site.close(() => resolve()));
    }
  });
});
