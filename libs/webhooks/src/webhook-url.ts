/**
 * Why a webhook URL cannot be used, or undefined if it can: it must be http(s), and must not point at
 * Atalaya's own services (a loop that would deliver alerts to the dispatcher itself).
 */
export function webhookUrlProblem(url: string, ownOrigins: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `"${url}" is ${parsed.protocol.slice(0, -1)}, not http(s)`;
  }
  if (parsed.username || parsed.password)
    return `"${url}" carries credentials; use the signing secret instead`;
  const own = ownOrigins.find((o) => new URL(o).origin === parsed.origin);
  if (own) return `"${url}" points at Atalaya itself (${own})`;
  return undefined;
}
