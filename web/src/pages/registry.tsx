/** A registry (spec/ledger.md §7.3): its curator, whether anyone may register, its roles, its items. */
import type { RegistryResponse } from '../../../src/client/index.ts';
import { AccountLink, BlockLink, Card, ErrorBox, Fields, Loading } from '../components/common.tsx';
import { ItemsTable, usePagedItems } from '../components/items-table.tsx';
import { useTxEvents } from '../live.ts';
import { client } from '../node.ts';
import { useAsync } from '../use-async.ts';

export function RegistryPage({ name }: { name: string }) {
  const registry = useAsync(() => client.getRegistry(name), [name]);
  const items = usePagedItems(name, (page) => client.getRegistryItems(name, page));
  // registry.* events change its roles; item.registered / item.created in it add items.
  useTxEvents(
    (event) => {
      if (!event.receipt.events.some((e) => e.attributes.registry === name)) return;
      registry.reload();
      items.restart();
    },
    [name],
  );
  if (registry.error !== undefined) return <Card title={`Registry ${name}`}><ErrorBox error={registry.error} /></Card>;
  if (registry.data === undefined) return <Loading what="Reading the registry" />;
  return (
    <>
      <Card title={`Registry · ${name}`}>
        <RegistryFields registry={registry.data} />
      </Card>
      <Card title="Roles">
        <Roles registry={registry.data} />
      </Card>
      <Card title="Items">
        <ItemsTable paged={items} empty="No item is registered here yet." showOwner testId="registry-items" />
      </Card>
    </>
  );
}

function RegistryFields({ registry }: { registry: RegistryResponse }) {
  return (
    <Fields
      rows={[
        ['Curator', <AccountLink address={registry.curator} full />],
        [
          'Who may register',
          <span data-testid="registry-openness">
            {registry.open ? <><span class="badge">open</span> anyone</> : <><span class="badge">curated</span> the curator and its registrars</>}
          </span>,
        ],
        ['Created', <span>in block <BlockLink height={registry.createdAt} /></span>],
      ]}
    />
  );
}

function Roles({ registry }: { registry: RegistryResponse }) {
  return (
    <>
      <h3 class="subhead">Registrars</h3>
      {registry.registrars.length === 0 ? (
        <p class="muted">{registry.open ? 'None needed: the registry is open.' : 'None: only the curator registers items.'}</p>
      ) : (
        <ul class="plain" data-testid="registrars">
          {registry.registrars.map((address) => (
            <li key={address}>
              <AccountLink address={address} full />
            </li>
          ))}
        </ul>
      )}
      <h3 class="subhead">Attesters</h3>
      <p class="muted">Besides an item’s owner and custodian, these accounts may attest these event types on the registry’s items.</p>
      {registry.attesters.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table class="list" data-testid="attesters">
          <thead>
            <tr>
              <th>Event type</th>
              <th>Who</th>
            </tr>
          </thead>
          <tbody>
            {registry.attesters.map((role) => (
              <tr key={`${role.eventType}/${role.address}`}>
                <td>{role.eventType}</td>
                <td>
                  <AccountLink address={role.address} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {registry.moreRoles && <p class="muted">The registry has more roles than the node lists at once (100 of each).</p>}
    </>
  );
}
