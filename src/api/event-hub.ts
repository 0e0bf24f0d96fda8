import { NodeError } from '../node/errors.ts';
import type { BlockEvent, TxEvent } from '../node/events.ts';
import type { ApiNode } from './context.ts';
import { blockEventToJson, txEventToJson } from '../node/queries.ts';

/** One SSE frame, serialised once per event whatever the number of subscribers. */
export interface EventFrame {
  type: 'block' | 'tx';
  text: string;
  /** For `tx` frames: the addresses the tx touched. */
  addresses: readonly string[];
}

export interface Subscriber {
  deliver(frame: EventFrame): void;
  /** Ends the subscriber's stream: the server is closing. */
  end(): void;
}

/**
 * Fans the node's block and tx events out to at most `subscribersMax` live streams (spec/api.md
 * §Events). It holds one listener per event on the node, whatever the number of subscribers.
 */
export class EventHub {
  private readonly node: ApiNode;
  private readonly subscribersMax: number;
  private readonly subscribers = new Set<Subscriber>();
  // With no subscriber, events are not even serialised.
  private readonly onBlock = (event: BlockEvent): void => {
    if (this.subscribers.size > 0) this.publish(frame('block', String(event.height), blockEventToJson(event), []));
  };
  private readonly onTx = (event: TxEvent): void => {
    if (this.subscribers.size > 0) this.publish(frame('tx', `${event.height}.${event.index}`, txEventToJson(event), event.addresses));
  };

  constructor(node: ApiNode, subscribersMax: number) {
    this.node = node;
    this.subscribersMax = subscribersMax;
    node.events.on('block', this.onBlock);
    node.events.on('tx', this.onTx);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber, or throws `too_many_subscribers`. Returns its unsubscribe function. */
  subscribe(subscriber: Subscriber): () => void {
    if (this.subscribers.size >= this.subscribersMax) {
      throw new NodeError('too_many_subscribers', `the node serves at most ${this.subscribersMax} event streams; retry later`);
    }
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  private publish(event: EventFrame): void {
    for (const subscriber of [...this.subscribers]) subscriber.deliver(event);
  }

  /** Detaches from the node and ends every stream. */
  close(): void {
    this.node.events.off('block', this.onBlock);
    this.node.events.off('tx', this.onTx);
    for (const subscriber of [...this.subscribers]) subscriber.end();
    this.subscribers.clear();
  }
}

function frame(type: 'block' | 'tx', id: string, data: object, addresses: readonly string[]): EventFrame {
  return { type, text: `event: ${type}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`, addresses };
}
