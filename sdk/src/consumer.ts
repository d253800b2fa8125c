// The Consumer API SDK, for a shop's pages (and apps): a publishable key and the visitor's session.
//   <script type="module">
//     import { DroplineConsumer } from "/dropline/consumer.js";
//     const dropline = new DroplineConsumer({ publishableKey: "pk_live_…", baseUrl: "https://api.example.com" });
//     await dropline.resumeOrGuest();
//     const route = await dropline.experiences.route(experienceId);
//     const status = await dropline.queues.enter(queueId);
//     dropline.watch("queues", queueId, { onStatus: s => …, until: s => s.status === "GRANTED" });
//   </script>
// The page's origin must be on the organization's allowed origins (PUT /api/v1/settings/allowed-origins).
import type { components, paths } from "./generated/consumer.js";
import { type ClientOptions, DroplineAuthenticationError, DroplineError, fill, HttpCore, type RateLimitState, sleep } from "./core.js";
import type { BodyOf, Method, ResultOf } from "./typing.js";

export * from "./core.js";
export type { paths as ConsumerPaths, components as ConsumerComponents } from "./generated/consumer.js";

type ConsumerPath = keyof paths & string;
type Result<P extends ConsumerPath, M extends Method> = ResultOf<paths, P, M>;
type Schemas = components["schemas"];

export type SessionBundle = Schemas["SessionBundle"];
export type QueueStatus = Schemas["QueueStatus"];
export type DrawStatus = Schemas["DrawStatus"];
export type TimedReleaseStatus = Schemas["TimedReleaseStatus"];
export type WaitlistStatus = Schemas["WaitlistStatus"];
export type AuctionStatus = Schemas["AuctionStatus"];
export type RouteResponse = Schemas["RouteResponse"];
export type Me = Schemas["MeResponse"];

/** The distribution types a consumer can join, by their path segment. */
export type DistributionType = "queues" | "draws" | "timed-releases" | "waitlists" | "auctions";

export interface StatusOf {
  queues: QueueStatus;
  draws: DrawStatus;
  "timed-releases": TimedReleaseStatus;
  waitlists: WaitlistStatus;
  auctions: AuctionStatus;
}

/** Where the session's tokens are kept between page loads; sessionStorage (per tab) by default in a browser. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DroplineConsumerOptions extends Omit<ClientOptions, "baseUrl"> {
  /** pk_live_… or pk_test_…. */
  publishableKey: string;
  baseUrl: string;
  /** null keeps the session in memory only. */
  storage?: TokenStorage | null;
  /** Defaults to `dropline.session.<publishableKey>`. */
  storageKey?: string;
  /** Replaces the global EventSource (tests; environments without one fall back to polling). */
  eventSource?: typeof EventSource | null;
}

export interface WatchOptions<S> {
  /** Every status, from the stream or from polling. */
  onStatus: (status: S) => void;
  /** Stops watching once this holds (e.g. `s => s.status === "GRANTED"`). */
  until?: (status: S) => boolean;
  /** Called with each failure that made the watcher fall back to polling (for logs). */
  onFallback?: (reason: unknown) => void;
  /** Polling interval in milliseconds while the stream is unavailable. Default 3000. */
  pollIntervalMs?: number;
  /** How long to poll before trying the stream again, in milliseconds. Default 30 000. */
  retryStreamAfterMs?: number;
  signal?: AbortSignal;
}

export interface Watch<S> {
  /** Resolves with the status `until` accepted, or the last one seen when stopped. */
  readonly done: Promise<S | undefined>;
  /** "stream" while an EventSource is open, "polling" otherwise. */
  readonly mode: "stream" | "polling" | "stopped";
  stop(): void;
}

/** The query parameter name a checkout receives the distribution's id under, per type. */
const HAND_OFF_ID: Record<DistributionType, string> = {
  queues: "queueId",
  draws: "drawId",
  "timed-releases": "timedReleaseId",
  waitlists: "waitlistId",
  auctions: "auctionId",
};

export class DroplineConsumer {
  private readonly http: HttpCore;
  private readonly storage: TokenStorage | null;
  private readonly storageKey: string;
  private readonly EventSourceImpl: typeof EventSource | null;
  private bundle: SessionBundle | null = null;
  private refreshing: Promise<SessionBundle> | null = null;

  constructor(options: DroplineConsumerOptions) {
    if (!options.publishableKey || !options.publishableKey.startsWith("pk_")) {
      throw new TypeError("publishableKey must be a publishable key (pk_live_… or pk_test_…)");
    }
    this.http = new HttpCore(options, () => {
      const headers: Record<string, string> = { "X-Publishable-Key": options.publishableKey };
      if (this.bundle?.accessToken) {
        headers.Authorization = `Bearer ${this.bundle.accessToken}`;
      }
      return headers;
    });
    this.storage = options.storage !== undefined ? options.storage
      : typeof sessionStorage !== "undefined" ? sessionStorage : null;
    this.storageKey = options.storageKey ?? `dropline.session.${options.publishableKey}`;
    this.EventSourceImpl = options.eventSource !== undefined ? options.eventSource
      : typeof EventSource !== "undefined" ? EventSource : null;
  }

  get rateLimit(): Readonly<RateLimitState> {
    return this.http.rateLimit;
  }

  /** The current session (tokens and who), or null. */
  get session(): SessionBundle | null {
    return this.bundle;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions
  // ---------------------------------------------------------------------------------------------------------------

  /** A guest session (POST /api/v1/auth/guest); its tokens are kept for the next page load. */
  async guest(): Promise<SessionBundle> {
    this.bundle = null;
    return this.keep(await this.http.request<Result<"/api/v1/auth/guest", "post">>("POST", "/api/v1/auth/guest"));
  }

  /** A session from the merchant's sign-in: the one-time exchange code its server obtained. */
  async exchange(exchangeCode: string): Promise<SessionBundle> {
    this.bundle = null;
    return this.keep(await this.http.request<SessionBundle>("POST", "/api/v1/auth/external/exchange", { body: { exchangeCode } }));
  }

  /** New tokens from the refresh token (one call at a time, however many requests needed it). */
  refresh(): Promise<SessionBundle> {
    const refreshToken = this.bundle?.refreshToken;
    if (!refreshToken) {
      return Promise.reject(new TypeError("no session to refresh: call guest() or resume() first"));
    }
    this.refreshing ??= this.http.request<SessionBundle>("POST", "/api/v1/auth/refresh",
      { body: { refreshToken } satisfies BodyOf<paths, "/api/v1/auth/refresh", "post"> })
      .then((bundle) => this.keep(bundle))
      .catch((failure) => {
        if (failure instanceof DroplineAuthenticationError) {
          this.forget();
        }
        throw failure;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** The stored session, if any (no call is made); true if there was one. */
  resume(): boolean {
    const stored = this.storage?.getItem(this.storageKey);
    if (!stored) {
      return false;
    }
    try {
      this.bundle = JSON.parse(stored) as SessionBundle;
      return Boolean(this.bundle?.accessToken);
    } catch {
      this.forget();
      return false;
    }
  }

  /** The stored session if there is one that still works (refreshing it if needed), else a new guest session. */
  async resumeOrGuest(): Promise<SessionBundle> {
    if (this.resume()) {
      try {
        await this.me();
        return this.bundle!;
      } catch (failure) {
        if (!(failure instanceof DroplineAuthenticationError)) {
          throw failure;
        }
      }
    }
    return this.guest();
  }

  /** Ends the session on the server and forgets it here. */
  async logout(): Promise<void> {
    try {
      if (this.bundle) {
        await this.http.request("POST", "/api/v1/auth/logout");
      }
    } finally {
      this.forget();
    }
  }

  /** The consumer and their active participations (GET /api/v1/consumers/me): where a reload resumes. */
  me(): Promise<Me> {
    return this.authed("GET", "/api/v1/consumers/me");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Experiences and distributions
  // ---------------------------------------------------------------------------------------------------------------

  readonly experiences = {
    get: (id: string): Promise<Result<"/api/v1/experiences/{id}", "get">> => this.authed("GET", fill("/api/v1/experiences/{id}", { id })),
    /** Routing through the experience's sequences: `outcome` routed / gated / no_access, the selected offer. */
    route: (id: string, body: BodyOf<paths, "/api/v1/experiences/{id}/route", "post"> = {}): Promise<RouteResponse> =>
      this.authed("POST", fill("/api/v1/experiences/{id}/route", { id }), body),
    enter: (id: string): Promise<Result<"/api/v1/experiences/{id}/enter", "post">> =>
      this.authed("POST", fill("/api/v1/experiences/{id}/enter", { id })),
    leave: (id: string): Promise<Result<"/api/v1/experiences/{id}/leave", "delete">> =>
      this.authed("DELETE", fill("/api/v1/experiences/{id}/leave", { id })),
  };

  readonly queues = this.distribution("queues");
  readonly draws = {
    ...this.distribution("draws"),
    /** The published results of a drawn draw, verifiable by anyone (docs/draws.md). */
    results: (id: string, query?: { first?: number; after?: string }): Promise<Result<"/api/v1/draws/{id}/results", "get">> =>
      this.http.request("GET", fill("/api/v1/draws/{id}/results", { id }), { query }),
  };
  /**
   * Auctions: enter, bid (amounts are decimal strings, `{ amount: "149.99" }`, optionally `maxAmount` for proxy
   * bidding; a Dutch auction's bid takes a unit at the current price, `{}`), status, the highest bid, the Dutch current
   * price, the bids (pseudonymous handles) and the consumer's own history. Bidders do not leave an auction.
   */
  readonly auctions = {
    get: (id: string): Promise<Result<"/api/v1/auctions/{id}", "get">> => this.authed("GET", fill("/api/v1/auctions/{id}", { id })),
    enter: (id: string): Promise<AuctionStatus> => this.authed("POST", fill("/api/v1/auctions/{id}/enter", { id })),
    bid: (id: string, body: BodyOf<paths, "/api/v1/auctions/{id}/bid", "post">): Promise<AuctionStatus> =>
      this.authed("POST", fill("/api/v1/auctions/{id}/bid", { id }), body),
    status: (id: string): Promise<AuctionStatus> => this.authed("GET", fill("/api/v1/auctions/{id}/status", { id })),
    highestBid: (id: string): Promise<Result<"/api/v1/auctions/{id}/highest-bid", "get">> =>
      this.authed("GET", fill("/api/v1/auctions/{id}/highest-bid", { id })),
    currentPrice: (id: string): Promise<Result<"/api/v1/auctions/{id}/current-price", "get">> =>
      this.authed("GET", fill("/api/v1/auctions/{id}/current-price", { id })),
    bids: (id: string): Promise<Result<"/api/v1/auctions/{id}/bids", "get">> => this.authed("GET", fill("/api/v1/auctions/{id}/bids", { id })),
    history: (id: string): Promise<Result<"/api/v1/auctions/{id}/bids/history", "get">> =>
      this.authed("GET", fill("/api/v1/auctions/{id}/bids/history", { id })),
  };
  /**
   * Appointments: the slots between two dates (with `available`), book one, the consumer's booking, reschedule
   * (atomic: a full new slot answers 409 SLOT_FULL and the old booking stays), cancel.
   */
  readonly appointments = {
    get: (id: string): Promise<Result<"/api/v1/appointments/{id}", "get">> => this.authed("GET", fill("/api/v1/appointments/{id}", { id })),
    slots: (id: string, range: { startDate: string; endDate: string; timezone?: string }): Promise<Result<"/api/v1/appointments/{id}/slots", "get">> =>
      this.authed("GET", `${fill("/api/v1/appointments/{id}/slots", { id })}?${new URLSearchParams(range)}`),
    book: (id: string, body: BodyOf<paths, "/api/v1/appointments/{id}/book", "post">): Promise<Result<"/api/v1/appointments/{id}/book", "post">> =>
      this.authed("POST", fill("/api/v1/appointments/{id}/book", { id }), body),
    me: (id: string): Promise<Result<"/api/v1/appointments/{id}/me", "get">> => this.authed("GET", fill("/api/v1/appointments/{id}/me", { id })),
    reschedule: (id: string, body: BodyOf<paths, "/api/v1/appointments/{id}/reschedule", "post">): Promise<Result<"/api/v1/appointments/{id}/reschedule", "post">> =>
      this.authed("POST", fill("/api/v1/appointments/{id}/reschedule", { id }), body),
    cancel: (id: string): Promise<Result<"/api/v1/appointments/{id}/cancel", "post">> =>
      this.authed("POST", fill("/api/v1/appointments/{id}/cancel", { id })),
  };
  readonly timedReleases = this.distribution("timed-releases");
  readonly waitlists = this.distribution("waitlists");

  private distribution<T extends DistributionType>(type: T) {
    const base = `/api/v1/${type}/{id}`;
    return {
      /** The public view of the distribution. */
      get: (id: string): Promise<Result<`/api/v1/${T}/{id}` & ConsumerPath, "get">> => this.authed("GET", fill(base, { id })),
      enter: (id: string): Promise<StatusOf[T]> => this.authed("POST", fill(`${base}/enter`, { id })),
      leave: (id: string): Promise<unknown> => this.authed("POST", fill(`${base}/leave`, { id })),
      status: (id: string): Promise<StatusOf[T]> => this.authed("GET", fill(`${base}/status`, { id })),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Live status and the hand-off
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * Follows a participation's status live: a stream token (POST /api/v1/stream-tokens, 5 minutes, this stream only)
   * opens an EventSource on the status stream (`status` events); when that is not possible or fails, it polls
   * GET …/status (every `pollIntervalMs`, longer when a 429/503 says Retry-After) and tries a fresh stream again later.
   */
  watch<T extends DistributionType>(type: T, id: string, options: WatchOptions<StatusOf[T]>): Watch<StatusOf[T]> {
    const statusPath = fill(`/api/v1/${type}/{id}/status`, { id });
    const controller = new AbortController();
    options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
    const signal = controller.signal;
    const pollIntervalMs = options.pollIntervalMs ?? 3000;
    const retryStreamAfterMs = options.retryStreamAfterMs ?? 30_000;
    let last: StatusOf[T] | undefined;
    let mode: "stream" | "polling" | "stopped" = "polling";
    let source: EventSource | null = null;

    const seen = (status: StatusOf[T]): boolean => {
      last = status;
      options.onStatus(status);
      return options.until?.(status) ?? false;
    };

    // Resolves true when `until` held, false when the stream broke.
    const stream = async (): Promise<boolean> => {
      const Impl = this.EventSourceImpl;
      if (!Impl) {
        throw new Error("no EventSource in this environment");
      }
      const minted = await this.authed<{ token?: string; url?: string }>("POST", "/api/v1/stream-tokens", { path: statusPath });
      const url = this.http.url(statusPath, { streamToken: minted.token });
      return new Promise<boolean>((resolve) => {
        const es = new Impl(url);
        source = es;
        mode = "stream";
        const finish = (result: boolean) => {
          es.close();
          source = null;
          signal.removeEventListener("abort", abort);
          resolve(result);
        };
        const abort = () => finish(true);
        signal.addEventListener("abort", abort, { once: true });
        es.addEventListener("status", (event) => {
          if (seen(JSON.parse((event as MessageEvent).data))) {
            finish(true);
          }
        });
        es.onerror = () => {
          // A closed stream (the server ended it, the token expired, the network) falls back to polling.
          if (es.readyState !== 1) {
            finish(false);
          }
        };
      });
    };

    const poll = async (until: number): Promise<boolean> => {
      mode = "polling";
      while (!signal.aborted && Date.now() < until) {
        let wait = pollIntervalMs;
        try {
          if (seen(await this.authed<StatusOf[T]>("GET", statusPath))) {
            return true;
          }
        } catch (failure) {
          if (failure instanceof DroplineError && failure.retryAfter !== undefined) {
            wait = Math.max(wait, failure.retryAfter * 1000);
          } else if (failure instanceof DroplineError && failure.status !== 503 && failure.status !== 429) {
            throw failure;
          }
        }
        await sleep(wait, signal);
      }
      return false;
    };

    const done = (async () => {
      try {
        while (!signal.aborted) {
          try {
            if (await stream()) {
              break;
            }
            options.onFallback?.(new Error("the status stream closed"));
          } catch (failure) {
            if (failure instanceof DroplineError && failure.status !== 503 && failure.status !== 429 && failure.status !== 401) {
              throw failure;
            }
            options.onFallback?.(failure);
          }
          if (signal.aborted || await poll(Date.now() + retryStreamAfterMs)) {
            break;
          }
        }
        return last;
      } finally {
        mode = "stopped";
        controller.abort();
      }
    })();

    return {
      done,
      get mode() {
        return mode;
      },
      stop: () => {
        (source as EventSource | null)?.close();
        controller.abort();
      },
    };
  }

  /**
   * The grant hand-off: the merchant's checkout URL with `admissionGrant` and the distribution's id
   * (`queueId`, `drawId`, `timedReleaseId` or `waitlistId`) added to its query; the merchant's server then validates
   * the grant (POST /api/v1/{type}/{id}/validate) and completes it. With `navigate` (the default in a browser), the
   * page goes there.
   */
  handOff(checkoutUrl: string, type: DistributionType, id: string, status: { admissionGrant?: string },
    options: { navigate?: boolean } = {}): string {
    if (!status.admissionGrant) {
      throw new TypeError("no admission grant yet: hand off once the status is GRANTED (or WON)");
    }
    const target = new URL(checkoutUrl, typeof location !== "undefined" ? location.href : undefined);
    target.searchParams.set("admissionGrant", status.admissionGrant);
    target.searchParams.set(HAND_OFF_ID[type], id);
    const navigate = options.navigate ?? (typeof location !== "undefined" && typeof document !== "undefined");
    if (navigate) {
      location.assign(target.toString());
    }
    return target.toString();
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** A consumer call: with the access token, refreshed once on a 401. */
  private async authed<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.http.request<T>(method, path, { body });
    } catch (failure) {
      if (failure instanceof DroplineAuthenticationError && this.bundle?.refreshToken) {
        await this.refresh();
        return this.http.request<T>(method, path, { body });
      }
      throw failure;
    }
  }

  private keep(bundle: SessionBundle): SessionBundle {
    this.bundle = bundle;
    this.storage?.setItem(this.storageKey, JSON.stringify(bundle));
    return bundle;
  }

  private forget(): void {
    this.bundle = null;
    this.storage?.removeItem(this.storageKey);
  }
}
