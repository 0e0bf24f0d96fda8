/**
 * One request, one response, on a fresh libp2p stream (spec/p2p.md §Request/response): each side
 * writes one varint-length-prefixed frame and closes its writing end. Frames above the protocol's
 * bound are refused from their length prefix, before their bytes are buffered; the whole exchange
 * has a deadline, after which the stream is aborted.
 */
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import * as lengthPrefixed from 'it-length-prefixed';
import { BaseError } from '../errors/base.ts';
import type { AgoraLibp2p } from './libp2p-node.ts';
import { REQUEST_STREAMS_PER_CONNECTION_MAX } from './limits.ts';

/** A request that got no usable answer: the stream ended, the deadline passed, the peer refused. */
export class RequestFailed extends BaseError<'request_failed' | 'malformed_frame'> {
  override name = 'RequestFailed';
  constructor(message: string, code: 'request_failed' | 'malformed_frame' = 'request_failed') {
    super(code, message);
  }
}

/** The other side broke the framing: a length prefix over the bound or not a varint. Its fault. */
export class MalformedFrame extends RequestFailed {
  override name = 'MalformedFrame';
  constructor(message: string) {
    super(message, 'malformed_frame');
  }
}

/** it-length-prefixed's errors for a bad length prefix (by name: the classes are not exported). */
const FRAMING_ERRORS = new Set(['InvalidMessageLengthError', 'InvalidDataLengthError', 'InvalidDataLengthLengthError']);

/** Reads exactly one frame of at most `maxBytes`. */
async function readFrame(stream: Stream, maxBytes: number): Promise<Uint8Array> {
  try {
    for await (const frame of lengthPrefixed.decode(stream, { maxDataLength: maxBytes })) {
      return frame.subarray();
    }
  } catch (error) {
    if (error instanceof Error && FRAMING_ERRORS.has(error.name)) throw new MalformedFrame(`${error.message} (bound ${maxBytes} bytes)`);
    throw error;
  }
  throw new RequestFailed('the stream ended before a message');
}

function writeFrame(stream: Stream, bytes: Uint8Array): void {
  stream.send(lengthPrefixed.encode.single(bytes, { maxDataLength: bytes.length }));
}

/** Runs `work` with a deadline that aborts `stream` when it passes. */
async function withDeadline<T>(stream: Stream, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const onAbort = (): void => stream.abort(new RequestFailed('deadline passed'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } catch (error) {
    stream.abort(error instanceof Error ? error : new RequestFailed(String(error)));
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export interface RequestOptions {
  protocol: string;
  responseBytesMax: number;
  timeoutMs: number;
}

/** Sends `request` to `peer` and returns the response frame's bytes; rejects on any failure. */
export async function sendRequest(libp2p: AgoraLibp2p, peer: PeerId, request: Uint8Array, options: RequestOptions): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const stream = await libp2p.dialProtocol(peer, options.protocol, { signal });
  return withDeadline(stream, signal, async () => {
    writeFrame(stream, request);
    await stream.close({ signal });
    return readFrame(stream, options.responseBytesMax);
  });
}

export interface ServeOptions {
  protocol: string;
  requestBytesMax: number;
  timeoutMs: number;
  /** The response bytes, or null to refuse (the stream is reset without an answer). */
  respond: (request: Uint8Array, peer: PeerId) => Promise<Uint8Array | null>;
  /** A request the peer is to blame for (bad framing); `respond` reports bad contents itself. */
  onInvalid: (peer: PeerId, reason: string) => void;
  onError: (error: unknown, peer: PeerId) => void;
}

/** Registers the responder of one protocol. Nothing it does throws out of libp2p's handler. */
export async function serveRequests(libp2p: AgoraLibp2p, options: ServeOptions): Promise<void> {
  const handler = async (stream: Stream, connection: Connection): Promise<void> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      await withDeadline(stream, signal, async () => {
        const request = await readFrame(stream, options.requestBytesMax);
        const response = await options.respond(request, connection.remotePeer);
        if (response === null) throw new RequestFailed('request refused');
        writeFrame(stream, response);
        await stream.close({ signal });
      });
    } catch (error) {
      if (error instanceof MalformedFrame) options.onInvalid(connection.remotePeer, error.message);
      else options.onError(error, connection.remotePeer);
    }
  };
  await libp2p.handle(options.protocol, handler, {
    maxInboundStreams: REQUEST_STREAMS_PER_CONNECTION_MAX,
    maxOutboundStreams: REQUEST_STREAMS_PER_CONNECTION_MAX,
  });
}
