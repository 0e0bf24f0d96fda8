/**
 * Whether an address is a contract account, asked without a 404: GET /v1/contracts/:address answers
 * unknown_contract for every ordinary address, and Chromium logs each 404 as a console error, so the
 * search box and the account page look first at the newest tx touching the address (txShowsContract).
 */
import { client } from './node.ts';
import { txShowsContract } from './contract-view.ts';

export async function isContractAddress(address: string): Promise<boolean> {
  const { txs } = await client.accountTxs(address, { limit: 1 });
  if (txs.length === 0) return false;
  const tx = await client.tx(txs[0].id);
  return tx.receipt !== undefined && txShowsContract(address, tx.tx.signers.map((s) => s.address), tx.receipt.events);
}
