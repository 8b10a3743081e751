/** Runs the bundled action as a separate process, the way the Actions runner does. */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The committed bundle the runner starts. */
export const DIST = path.resolve('action/dist/index.js');

/** What a run left behind. */
export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands (::error, ::warning, ...) printed on stdout. */
  commands: string[];
}

/** A runner-like workspace: a repository checkout, an event file, output files. */
export interface Workspace {
  dir: string;
  eventPath: string;
  write(file: string, content: string): void;
  copy(from: string, to: string): void;
  setEvent(event: unknown): void;
}

/** Makes a fresh workspace with a pull_request event for PR #1. */
export function makeWorkspace(prBody = ''): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'failcat-action-'));
  const dir = path.join(root, 'repo');
  mkdirSync(dir);
  const eventPath = path.join(root, 'event.json');
  const ws: Workspace = {
    dir,
    eventPath,
    write(file, content) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    },
    copy(from, to) {
      cpSync(from, path.join(dir, to), { recursive: true });
    },
    setEvent(event) {
      writeFileSync(eventPath, JSON.stringify(event));
    },
  };
  ws.setEvent({
    action: 'synchronize',
    pull_request: { number: 1, body: prBody, head: { sha: 'feedface00112233' } },
  });
  return ws;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

/**
 * Runs `node action/dist/index.js` with INPUT_* variables and the runner's environment,
 * plus `env` (the action's test-only timing overrides, for instance).
 */
export async function runAction(
  ws: Workspace,
  apiUrl: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const outputFile = path.join(ws.dir, '..', `output-${Date.now()}-${Math.random()}.txt`);
  const summaryFile = path.join(ws.dir, '..', `summary-${Date.now()}-${Math.random()}.md`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const variables: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_EVENT_PATH: ws.eventPath,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REPOSITORY: 'acme/model',
    GITHUB_API_URL: apiUrl,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: ws.dir,
    'INPUT_GITHUB-TOKEN': 'test-token',
    // The day recency and waiver expiry count from, so results do not drift with the clock.
    FAILCAT_TODAY: '2026-01-01',
    ...env,
  };
  for (const [k, v] of Object.entries(inputs)) variables[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [DIST], { env: variables, cwd: ws.dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands: stdout.split('\n').filter((l) => l.startsWith('::')),
  };
}

/** Copies the fixture catalog and writes a deployment manifest into a workspace. */
export function setUpRiskRepo(
  ws: Workspace,
  manifest = readFileSync('test/fixtures/risk/deploy.yml', 'utf8'),
): void {
  ws.copy('test/fixtures/risk/catalog', 'catalog');
  ws.write('.failcat/deploy.yml', manifest);
}
