import type { ServerResponse } from 'node:http';
import type { EventFrame, Subscriber } from './event-hub.ts';
import { SSE_BUFFER_BYTES_MAX, SSE_HEARTBEAT_MS, SSE_RETRY_MS } from './limits.ts';

/**
 * One Server-Sent Events stream (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * Frames are `event: block|tx`, `id:`, one `data:` line of JSON, and a blank line; a `: heartbeat`
 * comment goes out every SSE_HEARTBEAT_MS. A client that reads too slowly is cut off rather than
 * buffered without bound (SSE_BUFFER_BYTES_MAX).
 */
export class SseStream implements Subscriber {
  private readonly response: ServerResponse;
  /** With an address, only `tx` frames touching it are sent. */
  private readonly address: string | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private ended = false;

  constructor(response: ServerResponse, address: string | undefined) {
    this.response = response;
    this.address = address;
  }

  /** Writes the headers and starts the heartbeat; `unsubscribe` runs once when the stream ends. */
  open(unsubscribe: () => void): void {
    this.unsubscribe = unsubscribe;
    this.response.on('close', () => this.end());
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.write(`retry: ${SSE_RETRY_MS}\n: subscribed\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  deliver(frame: EventFrame): void {
    if (this.address !== undefined && (frame.type !== 'tx' || !frame.addresses.includes(this.address))) return;
    this.write(frame.text);
  }

  private write(text: string): void {
    if (this.ended) return;
    if (this.response.writableLength > SSE_BUFFER_BYTES_MAX) {
      this.end();
      return;
    }
    this.response.write(text);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    if (!this.response.writableEnded) this.response.end();
  }
}
