/**
 * The node this page was served by: the SDK's client for its API (spec/api.md), and the few reads
 * the SDK does not have yet. Everything is same-origin: the page talks to the node that served it.
 */
import { AgoraClient, AgoraError, type AssetResponse, type ParamsResponse } from '../../src/client/index.ts';

export const client = new AgoraClient(window.location.origin);

/** `GET /v1/assets/:symbol/holders` (spec/api.md); not in the SDK yet. */
export interface HolderJson {
  address: string;
  amount: string;
}

export interface AssetHoldersResponse {
  holders: HolderJson[];
  next: string | null;
}

export async function assetHolders(symbol: string, options: { limit?: number; after?: string } = {}): Promise<AssetHoldersResponse> {
  const search = new URLSearchParams();
  if (options.limit !== undefined) search.set('limit', String(options.limit));
  if (options.after !== undefined) search.set('after', options.after);
  const query = search.toString();
  const path = `/v1/assets/${encodeURIComponent(symbol)}/holders${query.length > 0 ? `?${query}` : ''}`;
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new AgoraError('network_error', `GET ${path}: cannot reach the node`, { cause: error });
  }
  const json = (await response.json().catch(() => null)) as (AssetHoldersResponse & { error?: { code: string; message: string } }) | null;
  if (json === null) throw new AgoraError('bad_response', `GET ${path}: the answer is not JSON`, { status: response.status });
  if (!response.ok) throw new AgoraError(json.error?.code ?? 'bad_response', json.error?.message ?? `HTTP ${response.status}`, { status: response.status });
  return json;
}

const assets = new Map<string, Promise<AssetResponse | undefined>>();

/**
 * An asset's record, cached for the page's life: its decimals and name never change. Pages that show
 * the supply read it fresh with `client.asset`.
 */
export function assetInfo(symbol: string): Promise<AssetResponse | undefined> {
  let found = assets.get(symbol);
  if (found === undefined) {
    found = client.asset(symbol).catch((error: unknown) => {
      assets.delete(symbol);
      if (error instanceof AgoraError && error.code === 'not_found') return undefined;
      throw error;
    });
    assets.set(symbol, found);
  }
  return found;
}

let params: Promise<ParamsResponse> | undefined;

/** Chain id, native asset and fee schedule: fixed for a chain, read once. */
export function chainParams(): Promise<ParamsResponse> {
  params ??= client.params().catch((error: unknown) => {
    params = undefined;
    throw error;
  });
  return params;
}
