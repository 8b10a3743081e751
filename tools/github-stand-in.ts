/**
 * A real HTTP server on 127.0.0.1 that answers the GitHub REST endpoints the action uses,
 * with state (comments, PR files, repository tarballs, who each token is), Link-header
 * pagination and scriptable faults (statuses, never answering, a slow drip, malformed
 * JSON). The action runs against it as a separate process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stored issue comment. */
export interface StoredComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

/** An account a token acts as. */
export interface Account {
  login: string;
  /** `User` for a person's token; `Bot` for an installation token (GITHUB_TOKEN, an app's). */
  type: 'User' | 'Bot';
}

/** The account of a token not in `identities`: the workflow's GITHUB_TOKEN. */
export const WORKFLOW_BOT: Account = { login: 'github-actions[bot]', type: 'Bot' };

/** A scripted failure: answers matching requests `times` times before normal handling. */
export interface Fault {
  method?: string;
  path: RegExp;
  /**
   * An HTTP status (with `headers` and `body`), or a misbehaviour: `hang` never answers;
   * `drip` answers 200 and then sends a space every 100 ms, never ending; `malformed`
   * answers 200 with a JSON content type and a body cut short.
   */
  status: number | 'hang' | 'drip' | 'malformed';
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests it answers; Infinity for all. */
  times: number;
}

/** A request the server saw. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The status answered; 0 when the answer never completed (`hang`, `drip`). */
  status: number;
  authorization?: string;
}

/** The fake GitHub: its state, its log, and how to stop it. */
export interface GitHubServer {
  url: string;
  comments: Map<number, StoredComment[]>;
  prFiles: Map<number, { filename: string; status: string }[]>;
  /** Tarballs by `owner/repo@ref` (ref '' for the default branch), with the token that may read them. */
  tarballs: Map<string, { data: Buffer; token?: string }>;
  /** Static JSON documents by path (a published api/cases.json). */
  documents: Map<string, unknown>;
  /** Who each token is (`GET /user`, GraphQL `viewer`, comment authors); others are WORKFLOW_BOT. */
  identities: Map<string, Account>;
  faults: Fault[];
  log: LoggedRequest[];
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : JSON.stringify(body));
  res.writeHead(status, {
    'content-type': Buffer.isBuffer(body) ? 'application/x-gzip' : 'application/json; charset=utf-8',
    'content-length': String(data.length),
    ...headers,
  });
  res.end(data);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Starts the server on a free port. */
export async function startGitHubServer(): Promise<GitHubServer> {
  const state: Omit<GitHubServer, 'url' | 'close'> = {
    comments: new Map(),
    prFiles: new Map(),
    tarballs: new Map(),
    documents: new Map(),
    identities: new Map(),
    faults: [],
    log: [],
  };
  let nextId = 1000;
  let base = '';

  const page = <T>(res: ServerResponse, url: URL, items: T[]): void => {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const pageNo = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(url.pathname + url.search, base);
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return `<${u.href}>; rel="${rel}"`;
    };
    const links = [];
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
    send(
      res,
      200,
      items.slice((pageNo - 1) * perPage, pageNo * perPage),
      links.length ? { link: links.join(', ') } : {},
    );
  };

  const commentUrl = (id: number) => `https://github.test/acme/model/pull/1#issuecomment-${id}`;
  const findComment = (id: number) => {
    for (const list of state.comments.values()) {
      const i = list.findIndex((c) => c.id === id);
      if (i !== -1) return { list, i };
    }
    return undefined;
  };

  const drips = new Set<NodeJS.Timeout>();
  const misbehave = (res: ServerResponse, how: 'hang' | 'drip' | 'malformed'): number => {
    if (how === 'hang') return 0;
    if (how === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('[{"filename": "deploy/prod.yaml", "sta');
      return 200;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    const timer = setInterval(() => res.write(' '), 100);
    drips.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      drips.delete(timer);
    });
    return 0;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const fault = state.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault) {
      fault.times--;
      if (typeof fault.status !== 'number') return misbehave(res, fault.status);
      send(res, fault.status, fault.body ?? { message: `scripted ${fault.status}` }, fault.headers);
      return fault.status;
    }
    const token = (req.headers.authorization ?? '').replace(/^(token|bearer) /i, '');
    const account = state.identities.get(token) ?? WORKFLOW_BOT;
    let m: RegExpExecArray | null;
    if (method === 'GET' && url.pathname === '/user') {
      if (account.type === 'Bot') {
        send(res, 403, { message: 'Resource not accessible by integration' });
        return 403;
      }
      send(res, 200, { ...account, id: 1 });
      return 200;
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      const { query } = await readBody(req);
      if (!/\bviewer\b/.test(String(query))) {
        send(res, 200, {
          errors: [{ message: `The stand-in answers only viewer queries: ${String(query)}` }],
        });
        return 200;
      }
      send(res, 200, { data: { viewer: { login: account.login } } });
      return 200;
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(url.pathname))) {
      page(res, url, state.prFiles.get(Number(m[1])) ?? []);
      return 200;
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
      const list = state.comments.get(Number(m[1])) ?? [];
      state.comments.set(Number(m[1]), list);
      if (method === 'GET') {
        page(
          res,
          url,
          list.map((c) => ({ ...c, html_url: commentUrl(c.id) })),
        );
        return 200;
      }
      if (method === 'POST') {
        const body = await readBody(req);
        const comment = { id: nextId++, body: String(body.body), user: { ...account } };
        list.push(comment);
        send(res, 201, { ...comment, html_url: commentUrl(comment.id) });
        return 201;
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
      const found = findComment(Number(m[1]));
      if (!found) {
        send(res, 404, { message: 'Not Found' });
        return 404;
      }
      if (method === 'PATCH') {
        const body = await readBody(req);
        found.list[found.i]!.body = String(body.body);
        send(res, 200, { ...found.list[found.i], html_url: commentUrl(Number(m[1])) });
        return 200;
      }
      if (method === 'DELETE') {
        found.list.splice(found.i, 1);
        send(res, 204, undefined);
        return 204;
      }
    }
    if (method === 'GET' && (m = /^\/repos\/([^/]+\/[^/]+)\/tarball(?:\/(.*))?$/.exec(url.pathname))) {
      const entry = state.tarballs.get(`${m[1]}@${decodeURIComponent(m[2] ?? '')}`);
      if (!entry || (entry.token !== undefined && entry.token !== token)) {
        send(res, 404, { message: 'Not Found' });
        return 404;
      }
      send(res, 200, entry.data);
      return 200;
    }
    if (method === 'GET' && state.documents.has(url.pathname)) {
      send(res, 200, state.documents.get(url.pathname));
      return 200;
    }
    send(res, 404, { message: `No route for ${method} ${url.pathname}` });
    return 404;
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).then(
      (status) =>
        state.log.push({
          method: req.method ?? '',
          path: req.url ?? '',
          status,
          authorization: req.headers.authorization,
        }),
      (error: Error) => {
        state.log.push({ method: req.method ?? '', path: req.url ?? '', status: 500 });
        send(res, 500, { message: error.message });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...state,
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of drips) clearInterval(timer);
        // Requests left hanging would keep close() waiting for ever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
