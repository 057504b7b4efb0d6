/** One server-sent event: its type, its data as JSON, and for alert events the id to resume after. */
export interface SseMessage {
  readonly event: string;
  readonly data: unknown;
  readonly id?: string;
}

/**
 * An event as the wire carries it (WHATWG HTML, "Server-sent events"): `id`, `event` and one `data` line,
 * ended by a blank line. JSON escapes every line break, so the data always fits on its one line.
 */
export function sseFrame(message: SseMessage): string {
  const id = message.id === undefined ? '' : `id: ${message.id}\n`;
  return `${id}event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/** A comment line, which every client ignores: it keeps proxies from closing an idle connection. */
export const sseHeartbeat = ': heartbeat\n\n';

/** How long a client waits before reconnecting, sent first on every connection. */
export const sseRetry = (ms: number): string => `retry: ${ms}\n\n`;
