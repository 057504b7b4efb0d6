/** The SMTP server as logs may name it: scheme, host and port, never the credentials of the URL. */
export function smtpServerName(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'smtps:' ? '465' : '587');
  return `${u.protocol}//${u.hostname}:${port}`;
}

/**
 * What went wrong with one SMTP attempt, for the delivery log: the server's reply with its code when it
 * answered (a 5xx is permanent: the server bounced the message at the door), else the connection error.
 */
export function smtpFailure(error: unknown, server: string): string {
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string };
  if (typeof e.responseCode === 'number') {
    const reply = (e.response ?? '').trim() || String(e.responseCode);
    return `${server} answered ${reply}${e.responseCode >= 500 ? ' (permanent)' : ''}`;
  }
  const message = e.message ?? String(error);
  return `${server}: ${message}${e.code ? ` (${e.code})` : ''}`;
}
