/**
 * Building a route's URL from its path and the values of its parameters, for the SDK. Imports
 * nothing, so that the web bundle carries these few lines and not the schemas.
 */

export type PathValues = { readonly [name: string]: string | number };
export type QueryValues = { readonly [name: string]: string | number | boolean | undefined };

/** The route's path with each `:name` replaced by its encoded value, e.g. `/v1/txs/ab12…`. */
export function pathOf(route: { readonly path: string }, params: PathValues = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${route.path}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
}

/** `?a=1&b=2` of the defined values, in their order; empty when none is defined. */
export function queryOf(values: QueryValues = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text.length === 0 ? '' : `?${text}`;
}

/** The URL path and query that call the route at `route.path` with `input` (typed by RouteInput at the caller). */
export function urlOf(route: { readonly path: string }, input: { readonly params?: PathValues; readonly query?: QueryValues }): string {
  return pathOf(route, input.params) + queryOf(input.query);
}
