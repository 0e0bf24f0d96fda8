/** What the wallet's contract forms share: address fields, the new contract's address, suggestions. */
import { AgoraError, isAddress, type AccountContractJson, type CommittedResult, type ContractType } from '../../../src/client/index.ts';
import { ContractLink } from '../components/common.tsx';
import { newContract } from '../contract-view.ts';

export function checkAddress(text: string, what: string): string {
  const address = text.trim().toLowerCase();
  if (!isAddress(address)) throw new AgoraError('bad_address', `the ${what} is not an agora1… address`);
  return address;
}

/** The address in a field once it is one, else undefined (nothing is read for a half-typed address). */
export function addressIn(text: string): string | undefined {
  const address = text.trim().toLowerCase();
  return isAddress(address) ? address : undefined;
}

/** "New escrow: agora1…", from the creating event of a committed tx. */
export function NewContract({ result, what }: { result: CommittedResult; what: string }) {
  const created = newContract(result.receipt.events);
  return created === undefined ? null : (
    <span class="new-item" data-testid="new-contract" data-contract={created.address}>
      New {what}: <ContractLink address={created.address} full />
    </span>
  );
}

/** Suggestions for a contract field: this key's contracts of one type. */
export function ContractsList({ id, contracts, type }: { id: string; contracts: AccountContractJson[]; type: ContractType }) {
  return (
    <datalist id={id}>
      {contracts
        .filter((c) => c.type === type)
        .map((c) => (
          <option key={c.address} value={c.address}>
            {`${c.status}, ${c.roles.join(', ')}`}
          </option>
        ))}
    </datalist>
  );
}
