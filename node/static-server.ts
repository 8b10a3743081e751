/**
 * A small static file server for a built site: `failcat serve` and the browser tests use
 * it. It serves under the site's base path, never outside the site folder, with the
 * content types a browser needs (Pagefind's WebAssembly included).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Options of the static server. */
export interface StaticServerOptions {
  /** The built site folder. */
  root: string;
  port?: number;
  host?: string;
  /** Base path the site was built for ('/' or '/project/'). */
  base?: string;
}

/** A running static server. */
export interface StaticServer {
  /** The site's URL, base path included, ending in '/'. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  const target = path.resolve(root, `.${urlPath}`);
  if (target !== root && !target.startsWith(root + path.sep)) return undefined;
  const info = await stat(target).catch(() => undefined);
  if (info?.isFile()) return target;
  if (info?.isDirectory()) {
    const index = path.join(target, 'index.html');
    if ((await stat(index).catch(() => undefined))?.isFile()) return index;
  }
  return undefined;
}

/**
 * A redirect target on this server from a request's percent-encoded path: one leading
 * `/` (never `//` or `/\`, which a browser reads as another host), and nothing that is
 * not a URL path character, so no header can be injected.
 */
function sameOrigin(encodedPath: string): string {
  const rest = encodedPath
    .replace(/^[/\\]+/, '')
    .replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, encodeURIComponent);
  return `/${rest}`;
}

/** Starts serving `root` and resolves once it listens. Port 0 picks a free port. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = path.resolve(options.root);
  const base = `/${(options.base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    try {
      let pathname: string;
      let encoded: string;
      try {
        encoded = new URL(req.url ?? '/', 'http://localhost').pathname;
        pathname = decodeURIComponent(encoded);
      } catch {
        res.writeHead(400).end('Bad request');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      if (base !== '/' && pathname === base.slice(0, -1)) {
        res.writeHead(301, { Location: base }).end();
        return;
      }
      const inside = pathname.startsWith(base) ? pathname.slice(base.length - 1) : undefined;
      let file =
        inside === undefined || pathname.includes('\0') ? undefined : await resolveFile(root, inside);
      if (file && !/\.[a-z0-9]+$/i.test(inside!) && !inside!.endsWith('/') && file.endsWith('index.html')) {
        res.writeHead(301, { Location: `${sameOrigin(encoded)}/` }).end();
        return;
      }
      let status = 200;
      if (!file) {
        status = 404;
        file = await resolveFile(root, '/404.html');
        if (!file) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
          return;
        }
      }
      const info = await stat(file);
      res.writeHead(status, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (error) {
      if (!res.headersSent) {
        // A writeHead that threw may have set its status already: answer 500 as 500.
        res.statusCode = 500;
        res.statusMessage = 'Internal Server Error';
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      }
      res.end(`Could not serve the request: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(`Could not listen on ${host}:${options.port ?? 0}: ${error.message}`, { cause: error }),
      ),
    );
    server.listen(options.port ?? 0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${base}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
