import { AgoraError, parseAmount } from '../../../src/client/index.ts';
import { assetInfo } from '../node.ts';

/** Whole units with the asset's decimals → base units; the asset must exist. */
export async function amountOf(asset: string, text: string): Promise<bigint> {
  const info = await assetInfo(asset);
  if (info === undefined) throw new AgoraError('unknown_asset', `no asset ${asset}`);
  return parseAmount(text, info.decimals);
}
