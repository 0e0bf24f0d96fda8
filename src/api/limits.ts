/**
 * Bounds of the HTTP server that are not node-wide (spec/api.md §Limits). The node-wide ones (body
 * size, batch size, page size, subscribers, commit wait) are in src/node/limits.ts.
 */

/** An SSE comment is sent this often so that proxies and clients see the stream is alive. */
export const SSE_HEARTBEAT_MS = 15_000;
/** A subscriber whose unsent SSE data passes this is too slow: its stream is closed. */
export const SSE_BUFFER_BYTES_MAX = 1024 * 1024;
/** Tells EventSource clients how long to wait before reconnecting. */
export const SSE_RETRY_MS = 3_000;
