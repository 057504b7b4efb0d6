import type { StreamAlertEvent } from '@atalaya/contracts';
import { debounce } from './debounce';

/** The stream's named events; each means that something on screen may have changed. */
const EVENTS = ['alert', 'action', 'indicator', 'message'] as const;

const RECONNECT_MS = 10_000;
const SETTLE_MS = 400;

/**
 * Follows `GET /v1/stream` (server-sent events, the session cookie sent as it is same-origin): hands each
 * alert event to `heard`, and calls `changed` once after each burst of events of any kind. EventSource
 * retries a dropped connection by itself; one the server refused is retried here, every ten seconds.
 * Returns a function that stops.
 */
export function followLive(
  changed: () => void,
  connected: (on: boolean) => void,
  heard: (alert: StreamAlertEvent) => void,
): () => void {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const settle = debounce(changed, SETTLE_MS);
  const open = () => {
    source = new EventSource('/v1/stream');
    source.addEventListener('alert', (message) =>
      heard(JSON.parse(message.data as string) as StreamAlertEvent),
    );
    for (const type of EVENTS) source.addEventListener(type, settle);
    source.onopen = () => connected(true);
    source.onerror = () => {
      connected(false);
      if (source?.readyState === EventSource.CLOSED) retry = setTimeout(open, RECONNECT_MS);
    };
  };
  open();
  return () => {
    if (retry !== undefined) clearTimeout(retry);
    source?.close();
  };
}
