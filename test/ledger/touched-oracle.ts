// The addresses a tx touched, checked against the rule the per-address index used before handlers
// said what they touched (src/chain/receipts.ts addressesOf, until the ledger returned `touched`):
// the signers plus every address named in the receipt's events, alone or in a comma-separated list
// of `address` or `address:weight`. Kept here as an oracle only: every tx the ledger tests apply must
// touch exactly those addresses, so the index lists each tx under the same addresses as before.
import assert from 'node:assert/strict';
import type { Applied } from '../../src/ledger/apply.ts';
import type { BlockExecution } from '../../src/chain/execute.ts';
import type { Receipt } from '../../src/ledger/types.ts';

const ADDRESS_SHAPE = /^agora1[02-9ac-hj-np-z]{38}$/;

export function addressesNamedIn(signers: string[], receipt: Receipt): string[] {
  const found = new Set(signers);
  for (const event of receipt.events) {
    for (const value of Object.values(event.attributes)) {
      if (!value.startsWith('agora1')) continue;
      for (const part of value.split(',')) {
        const address = part.split(':')[0];
        if (ADDRESS_SHAPE.test(address)) found.add(address);
      }
    }
  }
  return [...found].sort();
}

export function assertTouchedAsNamed(signers: string[], applied: Applied): void {
  assert.deepEqual(applied.touched, addressesNamedIn(signers, applied.receipt), `tx ${applied.receipt.txId} (${applied.receipt.code}): touched vs named in its events`);
}

export function assertBlockTouchedAsNamed(execution: BlockExecution): void {
  assert.equal(execution.touched.length, execution.receipts.length);
  execution.receipts.forEach((receipt, i) => assertTouchedAsNamed(execution.txs[i].signerAddresses, { admitted: true, receipt, touched: execution.touched[i] }));
}
