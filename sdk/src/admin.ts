// The Admin API SDK, for servers: `new DroplineAdmin({ secretKey, baseUrl })`. Never ship a secret key to a browser
// (the gateway refuses a secret key sent with an Origin, ADR 0014).
import type { paths } from "./generated/admin.js";
import { type ClientOptions, fill, HttpCore, type Query, type RateLimitState } from "./core.js";
import { type BodyOf, type ItemOf, type Method, paginate, type PathParamsOf, type QueryOf, type ResultOf } from "./typing.js";

export * from "./core.js";
export type { paths as AdminPaths, components as AdminComponents } from "./generated/admin.js";

type AdminPath = keyof paths & string;
type Body<P extends AdminPath, M extends Method> = BodyOf<paths, P, M>;
type Result<P extends AdminPath, M extends Method> = ResultOf<paths, P, M>;
type QueryParams<P extends AdminPath, M extends Method> = QueryOf<paths, P, M>;
type PathParams<P extends AdminPath, M extends Method> = PathParamsOf<paths, P, M>;
type ListQuery<P extends AdminPath> = Omit<QueryParams<P, "get">, "after" | "before" | "last">;

export interface DroplineAdminOptions extends Omit<ClientOptions, "baseUrl"> {
  /** sk_live_… or sk_test_…: the environment is the key's. */
  secretKey: string;
  baseUrl: string;
}

export class DroplineAdmin {
  private readonly http: HttpCore;

  constructor(options: DroplineAdminOptions) {
    if (!options.secretKey || !options.secretKey.startsWith("sk_")) {
      throw new TypeError("secretKey must be a secret key (sk_live_… or sk_test_…)");
    }
    if (typeof window !== "undefined" && typeof document !== "undefined") {
      console.warn("DroplineAdmin runs with a secret key: use it on your server, never in a browser");
    }
    this.http = new HttpCore(options, () => ({ Authorization: `Bearer ${options.secretKey}` }));
  }

  /** The rate limit the gateway last reported (X-RateLimit-*), and the last Retry-After. */
  get rateLimit(): Readonly<RateLimitState> {
    return this.http.rateLimit;
  }

  /** Any Admin API call by its documented path, typed from the Admin document. */
  request<P extends AdminPath, M extends Method>(method: M, path: P,
    options: { params?: PathParams<P, M>; body?: Body<P, M>; query?: QueryParams<P, M> } = {}): Promise<Result<P, M>> {
    return this.http.request(method.toUpperCase(), fill(path, (options.params ?? {}) as Record<string, string>),
      { body: options.body, query: options.query as Query });
  }

  // Collection-level calls, calls on one resource (`{id}`), and calls with several path parameters.
  private create<P extends AdminPath>(path: P) {
    return (body: Body<P, "post">): Promise<Result<P, "post">> => this.request("post", path, { body } as never);
  }

  private list<P extends AdminPath>(path: P) {
    return (query?: ListQuery<P> & { after?: string }): Promise<Result<P, "get">> =>
      this.request("get", path, { query } as never);
  }

  private iterate<P extends AdminPath>(path: P) {
    const list = this.list(path);
    return (query: ListQuery<P> = {} as ListQuery<P>): AsyncGenerator<ItemOf<Result<P, "get">>, void, undefined> =>
      paginate(list as never, query as never) as AsyncGenerator<ItemOf<Result<P, "get">>, void, undefined>;
  }

  private byId<P extends AdminPath, M extends Method>(method: M, path: P) {
    return (id: string, body?: Body<P, M>, query?: QueryParams<P, M>): Promise<Result<P, M>> =>
      this.request(method, path, { params: { id }, body, query } as never);
  }

  private byParams<P extends AdminPath, M extends Method>(method: M, path: P) {
    return (params: PathParams<P, M>, body?: Body<P, M>, query?: QueryParams<P, M>): Promise<Result<P, M>> =>
      this.request(method, path, { params, body, query } as never);
  }

  private crud<L extends AdminPath, I extends AdminPath>(collection: L, item: I) {
    return {
      create: this.create(collection),
      list: this.list(collection),
      iterate: this.iterate(collection),
      get: this.byId("get", item),
      update: this.byId("put", item),
      delete: this.byId("delete", item),
    };
  }

  readonly experiences = {
    ...this.crud("/api/v1/experiences", "/api/v1/experiences/{id}"),
    duplicate: this.byId("post", "/api/v1/experiences/{id}/duplicate"),
    metrics: this.byId("get", "/api/v1/experiences/{id}/metrics"),
  };

  readonly sequences = {
    ...this.crud("/api/v1/sequences", "/api/v1/sequences/{id}"),
    metrics: this.byId("get", "/api/v1/sequences/{id}/metrics"),
    waitlistConsumers: this.byId("get", "/api/v1/sequences/{id}/waitlist/consumers"),
    enterWaitlist: this.byId("post", "/api/v1/sequences/{id}/waitlist/enter"),
  };

  readonly queues = {
    ...this.crud("/api/v1/queues", "/api/v1/queues/{id}"),
    admit: this.byId("post", "/api/v1/queues/{id}/admit"),
    deny: this.byId("post", "/api/v1/queues/{id}/deny"),
    validate: this.byId("post", "/api/v1/queues/{id}/validate"),
    complete: this.byId("post", "/api/v1/queues/{id}/complete"),
  };

  readonly draws = {
    ...this.crud("/api/v1/draws", "/api/v1/draws/{id}"),
    deny: this.byId("post", "/api/v1/draws/{id}/deny"),
    validate: this.byId("post", "/api/v1/draws/{id}/validate"),
    complete: this.byId("post", "/api/v1/draws/{id}/complete"),
    results: this.byId("get", "/api/v1/draws/{id}/results"),
  };

  readonly auctions = {
    ...this.crud("/api/v1/auctions", "/api/v1/auctions/{id}"),
    /** Every bid of the auction, with the bidders' consumer ids (the secret key's view). */
    bids: this.byId("get", "/api/v1/auctions/{id}/bids"),
    validate: this.byId("post", "/api/v1/auctions/{id}/validate"),
    complete: this.byId("post", "/api/v1/auctions/{id}/complete"),
  };

  readonly appointments = {
    ...this.crud("/api/v1/appointments", "/api/v1/appointments/{id}"),
    /** The slots with their booked counts (`startDate`, `endDate`). */
    slots: this.byId("get", "/api/v1/appointments/{id}/slots"),
    attendees: this.byParams("get", "/api/v1/appointments/{id}/slots/{slotId}/attendees"),
    removeAttendee: this.byParams("delete", "/api/v1/appointments/{id}/slots/{slotId}/attendees/{consumerId}"),
  };

  /** Where appointments take place: time zone, operating hours, holidays. */
  readonly locations = this.crud("/api/v1/locations", "/api/v1/locations/{id}");

  readonly timedReleases = {
    ...this.crud("/api/v1/timed-releases", "/api/v1/timed-releases/{id}"),
    deny: this.byId("post", "/api/v1/timed-releases/{id}/deny"),
    validate: this.byId("post", "/api/v1/timed-releases/{id}/validate"),
    complete: this.byId("post", "/api/v1/timed-releases/{id}/complete"),
  };

  readonly waitlists = {
    ...this.crud("/api/v1/waitlists", "/api/v1/waitlists/{id}"),
    deny: this.byId("post", "/api/v1/waitlists/{id}/deny"),
    /** Notifies the next wave now (202). */
    wave: this.byId("post", "/api/v1/waitlists/{id}/waves"),
    /** The waitlist's consumers as CSV text. */
    exportCsv: (id: string): Promise<string> =>
      this.http.request("GET", fill("/api/v1/waitlists/{id}/consumers.csv", { id }), { headers: { Accept: "text/csv" } }),
  };

  /** The cross-type view of queues, draws, timed releases and waitlists. */
  readonly distributions = {
    list: this.list("/api/v1/distributions"),
    iterate: this.iterate("/api/v1/distributions"),
    get: this.byId("get", "/api/v1/distributions/{id}"),
    consumers: this.byId("get", "/api/v1/distributions/{id}/consumers"),
  };

  readonly consumers = {
    ...this.crud("/api/v1/consumers", "/api/v1/consumers/{id}"),
    createBatch: this.create("/api/v1/consumers/batch"),
    updateBatch: (body: Body<"/api/v1/consumers/batch", "put">): Promise<Result<"/api/v1/consumers/batch", "put">> =>
      this.request("put", "/api/v1/consumers/batch", { body }),
  };

  readonly audiences = {
    ...this.crud("/api/v1/audiences", "/api/v1/audiences/{id}"),
    members: this.byId("get", "/api/v1/audiences/{id}/members"),
    addMembers: this.byId("post", "/api/v1/audiences/{id}/members"),
    removeMembers: this.byId("delete", "/api/v1/audiences/{id}/members"),
  };

  readonly products = {
    ...this.crud("/api/v1/products", "/api/v1/products/{id}"),
    search: (query: QueryParams<"/api/v1/products/search", "get">) => this.request("get", "/api/v1/products/search", { query }),
    batch: this.create("/api/v1/products/batch"),
    metrics: this.byId("get", "/api/v1/products/{id}/metrics"),
    variants: {
      create: this.byId("post", "/api/v1/products/{id}/variants"),
      list: this.byId("get", "/api/v1/products/{id}/variants"),
      available: this.byId("get", "/api/v1/products/{id}/variants/available"),
      get: this.byParams("get", "/api/v1/products/{id}/variants/{variantId}"),
      update: this.byParams("put", "/api/v1/products/{id}/variants/{variantId}"),
      delete: this.byParams("delete", "/api/v1/products/{id}/variants/{variantId}"),
      adjustInventory: this.byParams("patch", "/api/v1/products/{id}/variants/{variantId}/inventory"),
      reserve: this.byParams("post", "/api/v1/products/{id}/variants/{variantId}/reservations"),
      reservation: this.byParams("get", "/api/v1/products/{id}/variants/{variantId}/reservations/{reservationId}"),
      release: this.byParams("delete", "/api/v1/products/{id}/variants/{variantId}/reservations/{reservationId}"),
    },
    media: {
      list: this.byId("get", "/api/v1/products/{id}/media-assets"),
      add: this.byId("post", "/api/v1/products/{id}/media-assets"),
      reorder: this.byId("put", "/api/v1/products/{id}/media-assets/reorder"),
      update: this.byParams("put", "/api/v1/products/{id}/media-assets/{assetId}"),
      delete: this.byParams("delete", "/api/v1/products/{id}/media-assets/{assetId}"),
    },
    variantOptions: {
      list: this.byId("get", "/api/v1/products/{id}/variant-options"),
      assign: this.byId("post", "/api/v1/products/{id}/variant-options"),
      unassign: this.byParams("delete", "/api/v1/products/{id}/variant-options/{optionId}"),
    },
    experiences: {
      list: this.byId("get", "/api/v1/products/{id}/experiences"),
      link: this.byParams("put", "/api/v1/products/{id}/experiences/{experienceId}"),
      unlink: this.byParams("delete", "/api/v1/products/{id}/experiences/{experienceId}"),
    },
  };

  readonly variantOptions = {
    create: this.create("/api/v1/variant-options"),
    list: () => this.request("get", "/api/v1/variant-options"),
    get: this.byId("get", "/api/v1/variant-options/{id}"),
    delete: this.byId("delete", "/api/v1/variant-options/{id}"),
  };

  readonly orders = {
    ...this.crud("/api/v1/orders", "/api/v1/orders/{id}"),
    batch: this.create("/api/v1/orders/batch"),
    /** The checkout hand-off: an admission grant becomes an order. */
    checkout: this.create("/api/v1/orders/checkout"),
    complete: this.byId("post", "/api/v1/orders/{id}/complete"),
    cancel: this.byId("post", "/api/v1/orders/{id}/cancel"),
  };

  readonly syncSources = {
    create: this.create("/api/v1/sync-sources"),
    search: (query?: QueryParams<"/api/v1/sync-sources/search", "get">) =>
      this.request("get", "/api/v1/sync-sources/search", { query }),
    get: this.byId("get", "/api/v1/sync-sources/{id}"),
    update: this.byId("put", "/api/v1/sync-sources/{id}"),
    delete: this.byId("delete", "/api/v1/sync-sources/{id}"),
    sync: this.byId("post", "/api/v1/sync-sources/{id}/sync"),
  };

  readonly analytics = {
    query: this.create("/api/v1/analytics/query"),
  };

  readonly webhooks = {
    create: this.create("/api/v1/webhooks"),
    list: this.list("/api/v1/webhooks"),
    iterate: this.iterate("/api/v1/webhooks"),
    get: this.byId("get", "/api/v1/webhooks/{id}"),
    update: this.byId("patch", "/api/v1/webhooks/{id}"),
    delete: this.byId("delete", "/api/v1/webhooks/{id}"),
    rotateSecret: this.byId("post", "/api/v1/webhooks/{id}/rotate-secret"),
    test: this.create("/api/v1/webhooks/test"),
    replay: this.byId("post", "/api/v1/webhooks/{id}/replay"),
    deliveries: this.byId("get", "/api/v1/webhooks/{id}/deliveries"),
  };

  readonly organization = {
    get: () => this.request("get", "/api/v1/organizations/me"),
    update: (body: Body<"/api/v1/organizations/me", "put">) => this.request("put", "/api/v1/organizations/me", { body }),
    users: () => this.request("get", "/api/v1/organizations/me/users"),
    /** A new secret key; the current one stops working. */
    rotateSecretKey: () => this.request("post", "/api/v1/organizations/secret-key/rotate"),
  };

  readonly settings = {
    get: () => this.request("get", "/api/v1/settings"),
    update: (body: Body<"/api/v1/settings", "put">) => this.request("put", "/api/v1/settings", { body }),
    allowedOrigins: {
      get: () => this.request("get", "/api/v1/settings/allowed-origins"),
      set: (body: Body<"/api/v1/settings/allowed-origins", "put">) =>
        this.request("put", "/api/v1/settings/allowed-origins", { body }),
    },
    spotlight: {
      get: () => this.request("get", "/api/v1/settings/spotlight"),
      update: (body: Body<"/api/v1/settings/spotlight", "put">) => this.request("put", "/api/v1/settings/spotlight", { body }),
      circuitBreaker: () => this.request("get", "/api/v1/settings/spotlight/circuit-breaker"),
      setCircuitBreaker: (body: Body<"/api/v1/settings/spotlight/circuit-breaker", "post">) =>
        this.request("post", "/api/v1/settings/spotlight/circuit-breaker", { body }),
      adminUsers: {
        list: () => this.request("get", "/api/v1/settings/spotlight/admin-users"),
        create: this.create("/api/v1/settings/spotlight/admin-users"),
        get: (userId: string) => this.request("get", "/api/v1/settings/spotlight/admin-users/{user_id}", { params: { user_id: userId } }),
        update: (userId: string, body: Body<"/api/v1/settings/spotlight/admin-users/{user_id}", "put">) =>
          this.request("put", "/api/v1/settings/spotlight/admin-users/{user_id}", { params: { user_id: userId }, body }),
        delete: (userId: string) =>
          this.request("delete", "/api/v1/settings/spotlight/admin-users/{user_id}", { params: { user_id: userId } }),
      },
    },
  };

  /** A 15-minute operator session for the hosted operator page of one queue (docs/pages.md). */
  readonly operatorSessions = {
    create: this.create("/api/v1/operator-sessions"),
  };
}
