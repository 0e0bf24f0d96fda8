import { useEffect, useState } from 'preact/hooks';
import type { AccountResponse, TxLocationJson } from '../../../src/client/index.ts';
import { Amount, AssetLink, Card, ContractLink, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { ContractsTable, usePagedContracts } from '../components/contracts-table.tsx';
import { ItemsTable, usePagedItems } from '../components/items-table.tsx';
import { isContractAddress } from '../contract-detect.ts';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';
import { TxTable } from './block.tsx';

const HISTORY_PAGE = 20;

export function AccountPage({ address }: { address: string }) {
  const account = useAsync(() => client.account(address), [address]);
  const items = usePagedItems(address, (page) => client.getItemsByOwner(address, page));
  const contracts = usePagedContracts(address);
  const isContract = useAsync(() => isContractAddress(address), [address]);
  const [history, setHistory] = useState<{ txs: TxLocationJson[]; next: string | null; address: string } | undefined>(undefined);
  const [historyError, setHistoryError] = useState<unknown>(undefined);
  const loadHistory = async (before?: string): Promise<void> => {
    try {
      const page = await client.accountTxs(address, { limit: HISTORY_PAGE, before });
      setHistory((previous) => {
        const kept = before === undefined || previous === undefined || previous.address !== address ? [] : previous.txs;
        return { address, txs: [...kept, ...page.txs], next: page.next };
      });
      setHistoryError(undefined);
    } catch (error) {
      setHistoryError(error);
    }
  };
  useEffect(() => {
    setHistory(undefined);
    setHistoryError(undefined);
    void loadHistory();
  }, [address]);
  // A tx touching this account refreshes its balances and the newest page of its history.
  useTxEvents(
    (event) => {
      if (!event.addresses.includes(address)) return;
      account.reload();
      void loadHistory();
      if (event.receipt.events.some((e) => e.type.startsWith('item.'))) items.restart();
      if (event.receipt.events.some((e) => /^(escrow|offer|split|rental|stream)\./.test(e.type))) contracts.restart();
    },
    [address],
  );
  if (account.error !== undefined) return <Card title="Account"><ErrorBox error={account.error} /></Card>;
  return (
    <>
      <Card title="Account">
        <p class="mono wrap lead" data-testid="account-address">
          {address}
        </p>
        {isContract.data === true && (
          <p class="lead" data-testid="account-is-contract">
            This is a contract account: no key controls it. <ContractLink address={address} full={false} /> — see its contract.
          </p>
        )}
        {account.data === undefined ? <Loading /> : <AccountFields account={account.data} />}
      </Card>
      <Card title="Balances">{account.data === undefined ? <Loading /> : <Balances account={account.data} />}</Card>
      <Card title="Items owned">
        <ItemsTable paged={items} empty="This address owns no item." testId="account-items" />
      </Card>
      <Card title="Contracts">
        <ContractsTable paged={contracts} empty="This address has no role in any contract." testId="account-contracts" />
      </Card>
      <Card title="History">
        {historyError !== undefined && <ErrorBox error={historyError} />}
        {history === undefined || history.address !== address ? (
          <Loading />
        ) : history.txs.length === 0 ? (
          <p class="muted">No transaction has touched this address yet.</p>
        ) : (
          <TxTable ids={history.txs.map((tx) => tx.id)} testId="account-history" showBlock account={address} />
        )}
        {history?.next != null && (
          <button type="button" class="more" onClick={() => void loadHistory(history.next ?? undefined)}>
            Older
          </button>
        )}
      </Card>
    </>
  );
}

function AccountFields({ account }: { account: AccountResponse }) {
  const pending = BigInt(account.pendingNonce) - BigInt(account.nonce);
  return <Fields rows={[['Transactions sent', account.nonce], ['Waiting', pending > 0n ? `${pending} pending` : 'none']]} />;
}

export function Balances({ account }: { account: AccountResponse }) {
  if (account.balances.length === 0) return <p class="muted">No balance: this address holds nothing yet.</p>;
  return (
    <>
      <table class="list" data-testid="balances">
        <thead>
          <tr>
            <th>Asset</th>
            <th class="number">Balance</th>
          </tr>
        </thead>
        <tbody>
          {account.balances.map((b) => (
            <tr key={b.asset}>
              <td>
                <AssetLink symbol={b.asset} />
              </td>
              <td class="number">
                <Amount amount={b.amount} asset={b.asset} link={false} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {account.moreBalances && <p class="muted">This account holds more assets than the node lists at once.</p>}
    </>
  );
}
