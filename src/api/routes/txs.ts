import type { FastifyInstance } from 'fastify';
import type { BatchItemResult, SubmitResult } from '../../wire/types.ts';
import { fromHex } from '../../crypto/hash.ts';
import { beforeBase, NodeError } from '../../node/errors.ts';
import { COMMIT_WAIT_MS_MAX } from '../../node/limits.ts';
import type { TxStatus } from '../../node/reader.ts';
import { queryTx, receiptToJson } from '../../node/queries.ts';
import { addRoute, type ApiContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { ROUTES } from '../../wire/routes.ts';

interface SubmitItem {
  tx: string;
}

/** POST /v1/txs (one tx or a batch, `?wait=commit`) and GET /v1/txs/:id. */
export function registerTxRoutes(app: FastifyInstance, context: ApiContext): void {
  addRoute(app, ROUTES.submit, async (request, reply) => {
    const wait = (request.query).wait === 'commit';
    const body = request.body as SubmitItem | SubmitItem[];
    if (Array.isArray(body)) return reply.code(200).send({ results: await submitBatch(context, body, wait) });
    const [outcome] = await context.admit([fromHex(body.tx)]);
    if (!outcome.ok) {
      context.metrics.countRejection(outcome.code);
      const refusal = errorReply(outcome.code, outcome.message);
      return reply.code(refusal.status).send(refusal.body);
    }
    const id = outcome.tx.id;
    if (!wait) return reply.code(202).send({ id, status: 'pending' } satisfies SubmitResult);
    const result = await waitForCommit(context, id);
    return reply.code(result.status === 'committed' ? 200 : 202).send(result);
  });

  addRoute(app, ROUTES.tx, async (request) => {
    const { id } = request.params;
    const tx = queryTx(context.node, id);
    if (tx === undefined) {
      // A node started by state sync cannot tell a tx before its base from one never made (spec/node.md §State sync).
      const base = context.node.store.getMeta('baseHeight');
      if (typeof base === 'number') throw beforeBase(`tx ${id} (not pending, not committed after height ${base})`, base);
      throw new NodeError('not_found', `no committed or pending tx ${id}`);
    }
    return tx;
  });
}

/**
 * Each item is admitted on its own, in order (so several txs of one sender with consecutive nonces
 * work); one item's refusal is reported in its slot and does not stop the others. The node checks
 * the signatures of a large batch on its verification workers.
 */
async function submitBatch(context: ApiContext, items: SubmitItem[], wait: boolean): Promise<BatchItemResult[]> {
  const outcomes = await context.admit(items.map((item) => fromHex(item.tx)));
  const results = outcomes.map((outcome): BatchItemResult => {
    if (outcome.ok) return { id: outcome.tx.id, status: 'pending' };
    context.metrics.countRejection(outcome.code);
    return errorReply(outcome.code, outcome.message).body;
  });
  if (!wait) return results;
  return Promise.all(results.map((result) => ('id' in result ? waitForCommit(context, result.id) : result)));
}

/** Waits up to COMMIT_WAIT_MS_MAX (or until the server closes) for the tx's commit. */
async function waitForCommit(context: ApiContext, id: string): Promise<SubmitResult> {
  const closing = context.closing.then((): TxStatus => ({ status: 'pending' }));
  const status = await Promise.race([context.node.waitForCommit(id, COMMIT_WAIT_MS_MAX), closing]);
  if (status.status === 'committed') return { id, status: 'committed', height: status.height, index: status.index, receipt: receiptToJson(status.receipt) };
  return { id, status: status.status };
}
