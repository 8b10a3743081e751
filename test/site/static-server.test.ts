import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../node/static-server.ts';

let root: string;
let server: StaticServer;

/** A raw GET, so paths reach the server exactly as written (no URL normalisation). */
function get(
  rawPath: string,
  on: StaticServer = server,
): Promise<{ status: number; type?: string; location?: string; body: string }> {
  const { hostname, port } = new URL(on.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          type: res.headers['content-type'],
          location: res.headers.location,
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'failcat-serve-'));
  root = path.join(dir, 'site');
  await mkdir(path.join(root, 'cases/FC-0001'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), 'home');
  await writeFile(path.join(root, 'cases/FC-0001/index.html'), 'case');
  await writeFile(path.join(root, '404.html'), 'not here');
  await writeFile(path.join(root, 'x.wasm'), 'wasm');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  server = await startStaticServer({ root, base: '/failcat/' });
});

afterAll(() => server.close());

describe('startStaticServer', () => {
  it('serves index.html of folders under the base path with content types', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/failcat\/$/);
    expect(await get('/failcat/')).toMatchObject({
      status: 200,
      body: 'home',
      type: 'text/html; charset=utf-8',
    });
    expect(await get('/failcat/cases/FC-0001/')).toMatchObject({ status: 200, body: 'case' });
    expect((await get('/failcat/x.wasm')).type).toBe('application/wasm');
  });

  it('redirects a folder without its trailing slash, and the bare base', async () => {
    expect(await get('/failcat/cases/FC-0001')).toMatchObject({
      status: 301,
      location: '/failcat/cases/FC-0001/',
    });
    expect(await get('/failcat')).toMatchObject({ status: 301, location: '/failcat/' });
  });

  it('answers 404 with the site 404 page outside the base path or for missing files', async () => {
    expect(await get('/cases/FC-0001/')).toMatchObject({ status: 404, body: 'not here' });
    expect(await get('/failcat/nope/')).toMatchObject({ status: 404, body: 'not here' });
  });

  it('never serves files outside the site folder', async () => {
    for (const p of ['/failcat/../secret.txt', '/failcat/%2e%2e/secret.txt', '/failcat/..%2fsecret.txt']) {
      const res = await get(p);
      expect(res.body, p).not.toContain('secret');
      expect(res.status, p).toBe(404);
    }
  });

  it('rejects a malformed path', async () => {
    expect((await get('/failcat/%E0%A4%A')).status).toBe(400);
  });

  describe('at the root path', () => {
    let atRoot: StaticServer;
    beforeAll(async () => {
      atRoot = await startStaticServer({ root });
    });
    afterAll(() => atRoot.close());

    it('never redirects to another host, however the path is encoded (issue 13, item 11)', async () => {
      for (const raw of [
        '/%2fevil.example%2f..%2fcases%2fFC-0001',
        '/%2F%2Fevil.example/../cases/FC-0001',
        '/%5cevil.example%2f..%2fcases%2fFC-0001',
        '/%5c%5cevil.example/../cases/FC-0001',
        '//evil.example/../cases/FC-0001',
        '/\\evil.example/../cases/FC-0001',
      ]) {
        const r = await get(raw, atRoot);
        if (r.status !== 301) continue;
        expect(r.location, raw).toMatch(/^\/[^/\\]/);
        expect(new URL(r.location!, atRoot.url).origin, raw).toBe(new URL(atRoot.url).origin);
      }
      expect((await get('/%2fevil.example%2f..%2fcases%2fFC-0001', atRoot)).status).toBe(301);
    });

    it('answers CR/LF in a path without a header of its own or a wrong status line', async () => {
      const r = await get('/cases%0d%0aSet-Cookie:%20x=1', atRoot);
      expect(r.status).toBe(404);
      const folder = await get('/cases/x%0d%0aX-Injected:%201%2f..%2fFC-0001', atRoot);
      expect(folder.status).toBe(301);
      expect(folder.location).toBe('/cases/x%0d%0aX-Injected:%201%2f..%2fFC-0001/');
      const { hostname, port } = new URL(atRoot.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: hostname, port, path: '/cases/x%0d%0aX-Injected:%201%2f..%2fFC-0001' },
          (res) => {
            resolve(`${res.statusCode} ${res.statusMessage} ${JSON.stringify(res.headers)}`);
            res.resume();
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(raw).not.toContain('x-injected');
      expect(raw).not.toMatch(/^500 Moved/);
    });
  });
});
