// The HTTP core both SDKs share: one fetch per call, typed errors carrying the API's error body and request id,
// retries only of safe requests, and the last rate-limit headers the gateway sent.

/** The API's error body (docs: the ApiError schema of every document). */
export interface ApiErrorBody {
  error: string;
  code?: string;
  details?: { field: string; message: string }[];
  requestId?: string;
  retryAfter?: number;
}

/** What the gateway last said about the caller's rate limit (X-RateLimit-*), and when to come back after a 429. */
export interface RateLimitState {
  limit?: number;
  remaining?: number;
  /** Epoch seconds when the window resets. */
  reset?: number;
  /** Seconds, from the last 429/503's Retry-After. */
  retryAfter?: number;
}

/** Any answer of the API other than 2xx. `body` is the API's error body; `requestId` the one to quote to support. */
export class DroplineError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly requestId: string | undefined;
  readonly code: string | undefined;
  readonly details: { field: string; message: string }[];
  /** Seconds the API asked to wait (Retry-After), on 423, 429 and 503. */
  readonly retryAfter: number | undefined;
  readonly method: string;
  readonly path: string;

  constructor(status: number, body: ApiErrorBody, method: string, path: string, requestId?: string, retryAfter?: number) {
    super(`${method} ${path}: ${status} ${body.error}${body.code ? ` (${body.code})` : ""}`);
    this.name = new.target.name;
    this.status = status;
    this.body = body;
    this.requestId = body.requestId ?? requestId;
    this.code = body.code;
    this.details = body.details ?? [];
    this.retryAfter = retryAfter ?? body.retryAfter;
    this.method = method;
    this.path = path;
  }
}

export class DroplineValidationError extends DroplineError {}
export class DroplineAuthenticationError extends DroplineError {}
export class DroplinePermissionError extends DroplineError {}
export class DroplineNotFoundError extends DroplineError {}
export class DroplineConflictError extends DroplineError {}
/** 423: not open yet (e.g. QUEUE_NOT_OPEN); `retryAfter` says when to try again. */
export class DroplineNotOpenError extends DroplineError {}
export class DroplineRateLimitError extends DroplineError {}
export class DroplineUnavailableError extends DroplineError {}

const ERRORS: Record<number, typeof DroplineError> = {
  400: DroplineValidationError,
  401: DroplineAuthenticationError,
  403: DroplinePermissionError,
  404: DroplineNotFoundError,
  409: DroplineConflictError,
  423: DroplineNotOpenError,
  429: DroplineRateLimitError,
  503: DroplineUnavailableError,
};

export interface RetryOptions {
  /** Further attempts of a safe request (GET/HEAD) after a 429, a 503 or a network failure. Default 3. */
  maxRetries?: number;
  /** Longest wait between attempts, in milliseconds, whatever Retry-After says. Default 10 000. */
  maxDelayMs?: number;
}

export interface ClientOptions extends RetryOptions {
  /** The gateway, e.g. https://api.example.com or http://localhost:8080. */
  baseUrl: string;
  /** Replaces the global fetch (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in milliseconds. Default 30 000. */
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only for requests that are safe to repeat although not GET/HEAD (none by default). */
  idempotent?: boolean;
  signal?: AbortSignal;
}

const SAFE = new Set(["GET", "HEAD"]);

/** Waits `ms`, or less if aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export class HttpCore {
  readonly baseUrl: string;
  /** The rate-limit headers of the last answer. */
  readonly rateLimit: RateLimitState = {};
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetries: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions, private readonly credentials: () => Record<string, string>) {
    if (!options.baseUrl) {
      throw new TypeError("baseUrl is required, e.g. http://localhost:8080");
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.maxRetries = options.maxRetries ?? 3;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  url(path: string, query?: Query): string {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) {
        url.searchParams.set(name, String(value));
      }
    }
    return url.toString();
  }

  /**
   * One API call. GET/HEAD (and calls marked idempotent) are tried again after a 429 or 503 (waiting Retry-After,
   * bounded) or a network failure; anything else is tried exactly once, so a write is never repeated behind the
   * caller's back. Non-2xx answers throw the matching DroplineError.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const retryable = SAFE.has(method) || options.idempotent === true;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.once(method, path, options);
      } catch (failure) {
        if (!retryable || attempt >= this.maxRetries || options.signal?.aborted) {
          throw failure;
        }
        await sleep(this.backoff(attempt), options.signal);
        continue;
      }
      this.remember(response);
      if (response.ok) {
        if (response.status === 204) {
          return undefined as T;
        }
        const text = await response.text();
        const type = response.headers.get("Content-Type") ?? "";
        return (text && type.includes("json") ? JSON.parse(text) : text) as T;
      }
      const error = await this.error(response, method, path);
      if (retryable && (response.status === 429 || response.status === 503) && attempt < this.maxRetries) {
        await sleep(Math.min(this.maxDelayMs, error.retryAfter !== undefined ? error.retryAfter * 1000 : this.backoff(attempt)),
          options.signal);
        continue;
      }
      throw error;
    }
  }

  private async once(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...this.credentials(), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? anySignal([options.signal, timeout]) : timeout;
    return this.fetchImpl(this.url(path, options.query), { method, headers, body, signal });
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxDelayMs, 250 * 2 ** attempt + Math.floor(Math.random() * 100));
  }

  private remember(response: Response): void {
    const number = (name: string) => {
      const value = response.headers.get(name);
      return value === null || value === "" || Number.isNaN(Number(value)) ? undefined : Number(value);
    };
    const limit = number("X-RateLimit-Limit");
    if (limit !== undefined) {
      this.rateLimit.limit = limit;
      this.rateLimit.remaining = number("X-RateLimit-Remaining");
      this.rateLimit.reset = number("X-RateLimit-Reset");
    }
    this.rateLimit.retryAfter = response.status === 429 || response.status === 503 ? number("Retry-After") : undefined;
  }

  private async error(response: Response, method: string, path: string): Promise<DroplineError> {
    const text = await response.text().catch(() => "");
    let body: ApiErrorBody;
    try {
      const parsed = JSON.parse(text);
      // The Spotlight surfaces wrap theirs: { error: { code, message, request_id } }.
      body = typeof parsed?.error === "object" && parsed.error !== null
        ? { error: parsed.error.message, code: parsed.error.code, requestId: parsed.error.request_id }
        : parsed;
    } catch {
      body = { error: text || response.statusText || `HTTP ${response.status}` };
    }
    const retryAfter = response.headers.get("Retry-After");
    const Type = ERRORS[response.status] ?? DroplineError;
    return new Type(response.status, body, method, path, response.headers.get("X-Request-Id") ?? undefined,
      retryAfter !== null && retryAfter !== "" && !Number.isNaN(Number(retryAfter)) ? Number(retryAfter) : undefined);
  }
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) {
    return any(signals);
  }
  const controller = new AbortController();
  for (const signal of signals) {
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** `/a/{id}/b` with `{ id: "x" }` → `/a/x/b`, each value URL-encoded. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") {
      throw new TypeError(`${name} is required for ${template}`);
    }
    return encodeURIComponent(value);
  });
}
