/**
 * Downloads with limits, against a real HTTP server on 127.0.0.1 that misbehaves on
 * purpose: never answers, drips, sends too much, sends a gzip bomb, fails then recovers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, DownloadError, type DownloadLimits } from '../../node/http.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

let server: Server;
let base = '';
const routes = new Map<string, Handler>();
/** Requests seen per path, with the time each arrived. */
const seen = new Map<string, number[]>();
/** Bytes each path's handler managed to write before the client went away. */
const written = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const times = seen.get(req.url!) ?? [];
    times.push(Date.now());
    seen.set(req.url!, times);
    const handler = routes.get(req.url!);
    if (handler) handler(req, res, times.length);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Fast limits for tests; each test loosens or tightens what it is about. */
const limits = (overrides: Partial<DownloadLimits> = {}): Partial<DownloadLimits> => ({
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 10_000,
  maxBytes: 1024 * 1024,
  retries: 2,
  retryDelayMs: 10,
  maxRetryWaitMs: 5_000,
  ...overrides,
});

async function failure(path: string, overrides: Partial<DownloadLimits> = {}): Promise<DownloadError> {
  try {
    await download(`${base}${path}`, { limits: limits(overrides) });
  } catch (error) {
    expect(error).toBeInstanceOf(DownloadError);
    return error as DownloadError;
  }
  throw new Error(`${path} downloaded`);
}

/** Writes `chunk` until the client goes away or `total` bytes are out, counting them. */
function pour(path: string, res: ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const next = () => {
    while (sent < total) {
      if (res.destroyed) return;
      sent += chunk.length;
      written.set(path, sent);
      if (!res.write(chunk)) return void res.once('drain', next);
    }
    res.end();
  };
  res.on('close', () => written.set(path, sent));
  next();
}

describe('download', () => {
  it('gives up on a server that never answers, after retrying', async () => {
    routes.set('/silent', () => {});
    const error = await failure('/silent', { connectTimeoutMs: 300, retries: 1 });
    expect(error.message).toBe(
      `Could not download ${base}/silent: no response within 0.3 s (after 2 attempts).`,
    );
    expect(seen.get('/silent')).toHaveLength(2);
  });

  it('gives up on a body that drips a byte every two seconds, at the total time limit', async () => {
    routes.set('/drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.flushHeaders();
      const timer = setInterval(() => res.write(' '), 2_000);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure('/drip', { totalTimeoutMs: 2_500 });
    expect(error.reason).toBe('not complete within 2.5 s');
    // A slow body is not retried: another attempt would be as slow.
    expect(seen.get('/drip')).toHaveLength(1);
  });

  it('stops reading a body past the size cap, declared or not', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    routes.set('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      pour('/huge', res, mib, 700 * mib.length);
    });
    const error = await failure('/huge');
    expect(error.reason).toBe('the body is larger than the 1 MiB limit');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The server got to write a few MiB of its 700 before the client hung up.
    expect(written.get('/huge')!).toBeLessThan(64 * mib.length);

    routes.set('/declared', (_req, res) => {
      res.writeHead(200, { 'content-length': String(700 * mib.length) });
      pour('/declared', res, mib, 700 * mib.length);
    });
    const declared = await failure('/declared');
    expect(declared.reason).toBe('the body is larger than the 1 MiB limit (700 MiB declared)');
    expect(seen.get('/declared')).toHaveLength(1);
  });

  it('stops inflating a gzip bomb at the cap', async () => {
    // 64 MiB of spaces in about 64 KB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    routes.set('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await failure('/bomb');
    expect(error.reason).toBe('the body is larger than the 1 MiB limit');
  });

  it('retries a 500 and gives the body of the next answer', async () => {
    routes.set('/flaky', (_req, res, attempt) => {
      if (attempt === 1) res.writeHead(500).end('oops');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const got = await download(`${base}/flaky`, { limits: limits() });
    expect(got.body.toString()).toBe('{"ok":true}');
    expect(got.contentType).toBe('application/json');
    expect(seen.get('/flaky')).toHaveLength(2);
  });

  it('waits as long as a 429 asks, and no longer than its cap', async () => {
    routes.set('/busy', (_req, res, attempt) => {
      if (attempt === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end('done');
    });
    const got = await download(`${base}/busy`, { limits: limits() });
    expect(got.body.toString()).toBe('done');
    const [first, second] = seen.get('/busy')!;
    expect(second! - first!).toBeGreaterThanOrEqual(1_000);

    routes.set('/closed', (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const error = await failure('/closed');
    expect(error.status).toBe(429);
    expect(error.reason).toBe(
      'HTTP 429 Too Many Requests; the server asks to retry in 3600 s, past the 5 s failcat waits in all between attempts. Try again later',
    );
    expect(seen.get('/closed')).toHaveLength(1);
  });

  it('retries errors that pass, up to the limit, and never a 404', async () => {
    routes.set('/down', (_req, res) => res.writeHead(503).end());
    const down = await failure('/down');
    expect(down.reason).toBe('HTTP 503 Service Unavailable (after 3 attempts)');
    expect(seen.get('/down')).toHaveLength(3);

    const missing = await failure('/nothing-here');
    expect([missing.status, missing.reason]).toEqual([404, 'HTTP 404 Not Found']);
    expect(seen.get('/nothing-here')).toHaveLength(1);

    // A port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await download(`http://127.0.0.1:${port}/x`, { limits: limits({ retries: 1 }) }).catch(
      (error: DownloadError) => error,
    );
    expect((refused as DownloadError).reason).toBe('ECONNREFUSED (after 2 attempts)');
  });
});
