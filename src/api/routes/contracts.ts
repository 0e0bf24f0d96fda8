import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AccountContractsResponse, ContractClock, ContractResponse, ItemRentalResponse } from '../../wire/types.ts';
import { queryAccountContracts, queryContract, queryItemRental } from '../../node/contracts-queries.ts';
import { PAGE_LIMIT_DEFAULT } from '../../node/limits.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';
import { sendMissing } from './items.ts';

/**
 * The contract routes (spec/api.md §4 "Contracts"): a contract with what block time makes of it now,
 * the contracts of an address, and an item's rental, over the committed state with
 * src/node/contracts-queries.ts. "Now" is the latest committed block's time (spec/ledger.md §8.1):
 * the answer says which block (`at`). Each answer is the route's shape in src/wire/contracts.ts.
 */
export function registerContractRoutes(app: FastifyInstance, context: ApiContext): void {
  const { store, chain } = context.node;
  const clock = (): ContractClock => ({ height: chain.height, timeMs: chain.lastTimeMs });

  addRoute(app, ROUTES.contract, async (request, reply) => {
    const { address } = request.params;
    const contract: ContractResponse | undefined = queryContract(store, clock(), address);
    return contract ?? unknownContract(reply, address);
  });

  addRoute(app, ROUTES.accountContracts, async (request) => {
    const { address } = request.params;
    const { limit, after } = request.query;
    const contracts: AccountContractsResponse = queryAccountContracts(store, clock(), address, limit ?? PAGE_LIMIT_DEFAULT, after);
    return contracts;
  });

  addRoute(app, ROUTES.itemRental, async (request, reply) => {
    const { id } = request.params;
    const rental: ItemRentalResponse | undefined = queryItemRental(store, clock(), id);
    return rental ?? sendMissing(reply, 'unknown_item', `no item ${id}`);
  });
}

/** A 404: on a read route the contract is the missing resource; the same code refuses a tx with 400. */
function unknownContract(reply: FastifyReply, address: string): FastifyReply {
  return reply.code(404).send(errorReply('unknown_contract', `no contract at ${address}`).body);
}
