/**
 * The action's GitHub client: `@actions/github`'s Octokit (it honours GITHUB_API_URL and
 * the runner's proxy) with the retry and throttling plugins, a deadline on every request,
 * a cap on the time spent waiting on rate limits, and errors that say what GitHub
 * answered to which request.
 */
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import type { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '@octokit/request-error';

/** How often a request that failed on the network or with a 5xx is tried again. */
export const RETRIES = 3;

/** Production timings; tests shorten the first two through the variables named here. */
const TIMING = {
  /**
   * Each attempt, body included, must end within this: a server that drips a byte at a
   * time is as stuck as one that never answers.
   */
  requestMs: 30_000,
  /** The retry plugin waits (n + 1)² times this before retry n (1 s, 4 s, 9 s). */
  retryBaseMs: 1000,
  /** Rate limits are waited out only up to this much in all, per run. */
  rateLimitCapSeconds: 120,
};

/** Reads a test-only timing override; production leaves these variables unset. */
function timingFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The Octokit the action uses: REST methods, pagination, retries, throttling. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/** A connection to GitHub: the client, and how to put its failures into words. */
export interface GitHub {
  octokit: GitHubClient;
  /**
   * A failed request in words: what GitHub answered (or that it did not) to which
   * request, after how many retries, and a rate-limit wait refused by the cap.
   */
  describe(error: unknown): string;
}

/** Statuses whose response has no body, which `new Response` refuses a body for. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so that each attempt, reading the body included, ends within `timeoutMs`,
 * and a success that claims to be JSON but does not parse fails as one: Octokit would
 * otherwise hand the raw text on as data ("Cannot use 'in' operator…" in pagination).
 * Both failures reach Octokit as network errors, so the retry plugin retries them.
 */
function withDeadline(inner: Fetch, timeoutMs: number): Fetch {
  return async (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      const response = await inner(url, { ...init, signal });
      const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && body && /\bjson\b/i.test(type)) {
        try {
          JSON.parse(new TextDecoder().decode(body));
        } catch (error) {
          throw new Error(`GitHub's answer is not valid JSON (${(error as Error).message})`, {
            cause: error,
          });
        }
      }
      const copy = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, 'url', { value: response.url });
      return copy;
    } catch (error) {
      if (deadline.aborted) {
        throw new Error(`no complete answer from GitHub within ${timeoutMs / 1000} s`, { cause: error });
      }
      throw error;
    }
  };
}

/**
 * Seconds to wait from a `retry-after` header, which holds seconds or an HTTP date;
 * undefined when it is absent or neither.
 */
export function retryAfterSeconds(value: unknown, now = Date.now()): number | undefined {
  if (typeof value === 'number') return Math.max(0, Math.ceil(value));
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A request as messages name it: `GET /repos/o/r/pulls/1/files`, without the host or query. */
function requestLine(method: string, url: string): string {
  return `${method} ${new URL(url, 'https://api.github.com').pathname}`;
}

/** The request an error is about. */
function requestOf(error: RequestError): string {
  return requestLine(error.request.method, error.request.url);
}

/** A request's options as Octokit's hooks and the throttling plugin see them. */
type EndpointOptions = Parameters<Octokit['request']['endpoint']['parse']>[0];

/** The request the throttling plugin's options describe (a route template and its parameters). */
function requestOfOptions(options: EndpointOptions, client: Octokit): string {
  const { method, url } = client.request.endpoint.parse(options);
  return requestLine(method, url);
}

/** How often the request was retried before it failed for good (the plugins count). */
function retriesOf(error: RequestError): number {
  return Number((error.request.request as { retryCount?: unknown } | undefined)?.retryCount) || 0;
}

/**
 * The HTTP status GitHub answered with, or undefined when there was no answer (Octokit
 * reports a network failure or a timeout as a RequestError with status 500 and no
 * response).
 */
export function httpStatus(error: unknown): number | undefined {
  return error instanceof RequestError && error.response ? error.status : undefined;
}

/**
 * Whether GitHub refused a request for a rate limit (a 429, or a 403 with an exhausted
 * primary limit or a secondary-limit message) rather than for the token's permissions.
 */
export function isRateLimit(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 429) return true;
  if (status !== 403) return false;
  const { message, response } = error as RequestError;
  return response?.headers['x-ratelimit-remaining'] === '0' || /\brate limit\b/i.test(message);
}

/**
 * Connects to GitHub with `token`. Retried: network failures, timeouts, malformed JSON
 * and 5xx (three times, with backoff); rate limits (a secondary limit, an exhausted
 * primary limit, a plain 429 with `retry-after` from a proxy or GitHub Enterprise), waited
 * out as GitHub asks while the waits stay under the cap.
 */
export function connectGitHub(token: string): GitHub {
  const timeoutMs = timingFromEnv('FAILCAT_TEST_REQUEST_TIMEOUT_MS', TIMING.requestMs);
  const retryBaseMs = timingFromEnv('FAILCAT_TEST_RETRY_BASE_MS', TIMING.retryBaseMs);
  const cap = TIMING.rateLimitCapSeconds;
  let waited = 0;
  let refused: string | undefined;

  /** Whether to wait `seconds` more for a rate limit; a refusal is remembered for the message. */
  const allowWait = (seconds: number, what: string, kind: string): boolean => {
    if (waited + seconds > cap) {
      refused =
        `GitHub's ${kind} asked to wait ${seconds} s more before ${what}, past the cap of ${cap} s of ` +
        `rate-limit waits per run (${waited} s waited already); run the job again later`;
      return false;
    }
    waited += seconds;
    core.warning(`GitHub ${kind} on ${what}; retrying in ${seconds} s.`);
    return true;
  };

  // Registered before the retry plugin, this hook sees a failure first. A plain 429 with
  // retry-after (no secondary-limit message, no exhausted primary limit: those are the
  // throttling plugin's) is handed to the retry plugin with GitHub's wait; 429 stays in
  // its doNotRetry list so that it does not replace the wait with its own backoff.
  const plainTooManyRequests = (octokit: Octokit) => {
    octokit.hook.error('request', (error) => {
      if (
        error instanceof RequestError &&
        error.status === 429 &&
        !/\bsecondary rate\b/i.test(error.message) &&
        error.response?.headers['x-ratelimit-remaining'] !== '0'
      ) {
        const seconds = retryAfterSeconds(error.response?.headers['retry-after']);
        if (seconds !== undefined && allowWait(seconds, requestOf(error), 'rate limit (429)')) {
          error.request.request = {
            ...error.request.request,
            retries: RETRIES,
            retryAfter: (seconds * 1000) / retryBaseMs,
          };
        }
      }
      throw error;
    });
  };

  const octokit = getOctokit(
    token,
    {
      userAgent: 'failcat-action',
      request: { ...defaults.request, fetch: withDeadline(defaults.request!.fetch as Fetch, timeoutMs) },
      retry: {
        retries: RETRIES,
        retryAfterBaseValue: retryBaseMs,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      throttle: {
        onRateLimit: (seconds: number, options: EndpointOptions, client: Octokit) =>
          allowWait(seconds, requestOfOptions(options, client), 'rate limit'),
        onSecondaryRateLimit: (seconds: number, options: EndpointOptions, client: Octokit) =>
          allowWait(seconds, requestOfOptions(options, client), 'secondary rate limit'),
      },
    },
    plainTooManyRequests,
    retry,
    throttling,
  );

  const describe = (error: unknown): string => {
    if (!(error instanceof RequestError)) return error instanceof Error ? error.message : String(error);
    const retries = retriesOf(error);
    const after = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    const status = httpStatus(error);
    if (status === undefined) return `${requestOf(error)} failed${after}: ${error.message}`;
    const limit = isRateLimit(error) && refused ? `; ${refused}` : '';
    return `GitHub answered ${status} to ${requestOf(error)}${after} (${error.message})${limit}`;
  };

  return { octokit, describe };
}

/**
 * The login the token writes comments as. A user's token (a personal access token, an
 * OAuth or user-to-server token) is told by `GET /user`. An installation token (the
 * workflow's GITHUB_TOKEN, a GitHub App's) is refused there with 403, and has no REST
 * way to name itself (`GET /app` wants the app's JWT); GraphQL's `viewer` is its bot
 * account: `github-actions[bot]` for GITHUB_TOKEN, `<app-slug>[bot]` for an app.
 */
export async function findTokenLogin(octokit: GitHubClient): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (httpStatus(error) !== 403) throw error;
  }
  const { viewer } = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
  // Comments carry the bot's login with its suffix; GraphQL may give it without.
  return viewer.login.endsWith('[bot]') ? viewer.login : `${viewer.login}[bot]`;
}
