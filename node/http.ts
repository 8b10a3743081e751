/**
 * Downloads with limits: a time limit to the response and to its end, a few retries on
 * errors that pass (network, 5xx, 429 with its retry-after), and a cap on the body, counted
 * as it streams in after decoding, so neither a huge body nor a gzip bomb is held whole.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The limits of one download. */
export interface DownloadLimits {
  /** Longest wait for the response to start, connecting included (ms). */
  connectTimeoutMs: number;
  /** Longest wait for the whole response, body included, per attempt (ms). */
  totalTimeoutMs: number;
  /** Largest body accepted, in bytes after content decoding. */
  maxBytes: number;
  /** Attempts after the first, on a network error, no response in time, a 5xx or a 429. */
  retries: number;
  /** Pause before the first retry when the server names none; doubled for each next (ms). */
  retryDelayMs: number;
  /** Longest total pause between attempts, retry-after included (ms). */
  maxRetryWaitMs: number;
}

/** Limits for catalog downloads: an export of tens of thousands of cases fits. */
export const DEFAULT_LIMITS: DownloadLimits = {
  connectTimeoutMs: 30_000,
  totalTimeoutMs: 120_000,
  maxBytes: 256 * 1024 * 1024,
  retries: 2,
  retryDelayMs: 1_000,
  maxRetryWaitMs: 60_000,
};

/** A download that failed: the URL, why (a limit, a status), and the status if any. */
export class DownloadError extends Error {
  readonly url: string;
  /** Why, in words, without the URL: "HTTP 404 Not Found", "no response within 30 s". */
  readonly reason: string;
  readonly status?: number;
  constructor(url: string, reason: string, options: { status?: number; cause?: unknown } = {}) {
    super(`Could not download ${url}: ${reason}.`, { cause: options.cause });
    this.name = 'DownloadError';
    this.url = url;
    this.reason = reason;
    this.status = options.status;
  }
}

/** What a download gave. */
export interface Downloaded {
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  contentType: string;
}

/** Options of a download. */
export interface DownloadOptions {
  headers?: Record<string, string>;
  limits?: Partial<DownloadLimits>;
}

/** Thrown inside an attempt: `retry` says whether another attempt may help. */
class AttemptError extends Error {
  readonly retry: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    how: { retry: boolean; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: how.cause });
    this.retry = how.retry;
    this.status = how.status;
    this.retryAfterMs = how.retryAfterMs;
  }
}

/**
 * GETs `url` within `limits` and returns its body. Throws a DownloadError that names the
 * URL and the limit or status that stopped it.
 */
export async function download(url: string, options: DownloadOptions = {}): Promise<Downloaded> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDownload(url, options.headers ?? {}, limits);
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      const { status } = error;
      const last = `${error.message}${attempt > 0 ? ` (after ${attempt + 1} attempts)` : ''}`;
      if (!error.retry || attempt >= limits.retries) {
        throw new DownloadError(url, last, { status, cause: error.cause ?? error });
      }
      const pause = error.retryAfterMs ?? limits.retryDelayMs * 2 ** attempt;
      if (waited + pause > limits.maxRetryWaitMs) {
        const asked =
          error.retryAfterMs === undefined ? 'the next retry would be' : 'the server asks to retry';
        throw new DownloadError(
          url,
          `${last}; ${asked} in ${seconds(pause)}, past the ${seconds(limits.maxRetryWaitMs)} failcat waits in all between attempts. Try again later`,
          { status, cause: error },
        );
      }
      waited += pause;
      await sleep(pause);
    }
  }
}

async function attemptDownload(
  url: string,
  headers: Record<string, string>,
  limits: DownloadLimits,
): Promise<Downloaded> {
  const controller = new AbortController();
  let stage: 'connect' | 'total' | undefined;
  const stop = (which: 'connect' | 'total') => () => {
    stage ??= which;
    controller.abort();
  };
  const connectTimer = setTimeout(stop('connect'), limits.connectTimeoutMs);
  const totalTimer = setTimeout(stop('total'), limits.totalTimeoutMs);
  const timedOut = (cause: unknown) =>
    stage === 'connect'
      ? new AttemptError(`no response within ${seconds(limits.connectTimeoutMs)}`, { retry: true, cause })
      : new AttemptError(`not complete within ${seconds(limits.totalTimeoutMs)}`, { retry: false, cause });
  try {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      if (stage) throw timedOut(error);
      throw new AttemptError(networkMessage(error), { retry: true, cause: error });
    } finally {
      clearTimeout(connectTimer);
    }
    const { status } = response;
    if (!response.ok) {
      controller.abort();
      const retry = status === 429 || status === 408 || status >= 500;
      throw new AttemptError(`HTTP ${status} ${response.statusText}`.trim(), {
        retry,
        status,
        retryAfterMs: retry ? retryAfterMs(response.headers.get('retry-after')) : undefined,
      });
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (!response.headers.get('content-encoding') && declared > limits.maxBytes) {
      controller.abort();
      throw new AttemptError(tooLarge(limits.maxBytes, `${megabytes(declared)} declared`), {
        retry: false,
        status,
      });
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > limits.maxBytes) {
          controller.abort();
          throw new AttemptError(tooLarge(limits.maxBytes), { retry: false, status });
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof AttemptError) throw error;
      if (stage) throw timedOut(error);
      throw new AttemptError(`the body broke off: ${networkMessage(error)}`, {
        retry: true,
        status,
        cause: error,
      });
    }
    return {
      body: Buffer.concat(chunks, size),
      url: response.url || url,
      contentType: response.headers.get('content-type') ?? '',
    };
  } finally {
    clearTimeout(connectTimer);
    clearTimeout(totalTimer);
  }
}

/** A retry-after header (seconds or an HTTP date) in milliseconds, when there is one. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** fetch's "fetch failed" says nothing; the cause names the network error. */
function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function tooLarge(maxBytes: number, detail?: string): string {
  return `the body is larger than the ${megabytes(maxBytes)} limit${detail ? ` (${detail})` : ''}`;
}

/** A size in MiB for messages, to a tenth. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
