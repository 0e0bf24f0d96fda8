/** An address's reputation in a few words (spec/reputation.md §3): the score with what it rests on. */
import type { ReputationJson } from '../../../src/wire/reputation.ts';
import { client, chainParams } from '../node.ts';
import { scoreWords } from '../market-view.ts';
import { useAsync } from '../use-async.ts';
import { Amount, ErrorBox, Fields, Loading } from './common.tsx';

export function ReputationFields({ reputation, native }: { reputation: ReputationJson; native: string | undefined }) {
  const a = reputation.aggregates;
  return (
    <Fields
      rows={[
        ['Score', <strong data-testid="reputation-score">{scoreWords(reputation.scorePpm)}</strong>],
        ['Reviews', <span data-testid="reputation-reviews">{a.reviews} from {a.counterparties} {a.counterparties === '1' ? 'counterparty' : 'distinct counterparties'}</span>],
        ['Settled trades', a.trades],
        ['Value paid in reviewed trades', native === undefined ? a.weight : <Amount amount={a.weight} asset={native} />],
        ['Negative reviews (1 or 2)', a.negatives],
        ['Disputes lost', a.disputesLost],
      ]}
    />
  );
}

export function ReputationSummary({ address }: { address: string }) {
  const reputation = useAsync(() => client.getReputation(address), [address]);
  const params = useAsync(() => chainParams(), []);
  if (reputation.error !== undefined) return <ErrorBox error={reputation.error} />;
  if (reputation.data === undefined) return <Loading />;
  return <ReputationFields reputation={reputation.data} native={params.data?.nativeAsset} />;
}
