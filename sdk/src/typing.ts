// Request and response types read off the generated OpenAPI types (src/generated/*), so every SDK method's types are
// the documents' own: when the API changes, `npm run build` regenerates them and the compiler points at the SDK code
// that no longer fits.

export type Method = "get" | "post" | "put" | "patch" | "delete";

type Operation<Paths, P extends keyof Paths, M extends Method> = M extends keyof Paths[P] ? NonNullable<Paths[P][M]> : never;

type Json<C> = C extends { content: { "application/json": infer T } } ? T : never;

/** The JSON request body of `M P`. */
export type BodyOf<Paths, P extends keyof Paths, M extends Method> =
  Operation<Paths, P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The JSON answer of `M P` on success (200, 201 or 202); `void` for 204. */
export type ResultOf<Paths, P extends keyof Paths, M extends Method> =
  Operation<Paths, P, M> extends { responses: infer R }
    ? R extends { 200: infer S } ? Json<S>
      : R extends { 201: infer S } ? Json<S>
        : R extends { 202: infer S } ? Json<S>
          : void
    : never;

/** The query parameters of `M P`. */
export type QueryOf<Paths, P extends keyof Paths, M extends Method> =
  Operation<Paths, P, M> extends { parameters: { query?: infer Q } } ? ([Q] extends [never] ? Record<string, never> : NonNullable<Q>) : never;

/** The path parameters of `M P`. */
export type PathParamsOf<Paths, P extends keyof Paths, M extends Method> =
  Operation<Paths, P, M> extends { parameters: { path: infer T } } ? T : Record<string, never>;

/** One page of a keyset list, as the API answers it ({ data, pageInfo }). */
export interface Page<T> {
  data?: T[];
  pageInfo?: { startCursor?: string; endCursor?: string; hasNextPage: boolean; hasPreviousPage: boolean };
}

/** Item type of a keyset list's page. */
export type ItemOf<R> = R extends { data?: (infer T)[] } ? T : never;

/**
 * Every item of a keyset list, page after page (`after` = the previous page's endCursor), fetched lazily:
 * `for await (const consumer of admin.consumers.iterate({ search: "john" })) { … }`.
 */
export async function* paginate<R extends Page<unknown>, Q extends { first?: number; after?: string }>(
  fetchPage: (query: Q) => Promise<R>, query: Q,
): AsyncGenerator<ItemOf<R>, void, undefined> {
  let cursor: string | undefined = query.after;
  for (;;) {
    const page = await fetchPage({ ...query, after: cursor });
    for (const item of page.data ?? []) {
      yield item as ItemOf<R>;
    }
    const next = page.pageInfo?.endCursor;
    if (!page.pageInfo?.hasNextPage || !next || next === cursor) {
      return;
    }
    cursor = next;
  }
}
