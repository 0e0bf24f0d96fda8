import { encode } from '../src/codec/cbor.ts';
import { previousEncode } from '../test/codec/previous-codec.ts';
const v = { body: { chainId: 'agora-dev', kind: 'transfer', payload: { to: 'agr1qxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyz', asset: 'AGR', amount: 5000000n, memo: 'hello' }, signers: [{ publicKey: new Uint8Array(32).fill(7), nonce: 12n }], fee: 1000n }, signatures: [new Uint8Array(64).fill(9)] };
for (const [name, f] of [['cborg', previousEncode], ['hand-written', encode], ['cborg', previousEncode], ['hand-written', encode]] as const) {
  const n = 200_000; const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(v as never);
  console.log(name, (Number(process.hrtime.bigint() - t) / n / 1000).toFixed(2), 'µs per transfer');
}
