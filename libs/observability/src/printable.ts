/** Longest text of a sender's that a log line carries. */
export const PRINTABLE_LIMIT = 128;

/**
 * A sender's text as a log line may carry it: at most `max` characters, and every control, format
 * (direction overrides, zero-width joiners), separator, private-use or unassigned character written as
 * `\u{…}`, so that a payload can neither forge a log line nor change how a terminal shows one.
 */
export function printable(text: string, max = PRINTABLE_LIMIT): string {
  const cut = [...text];
  const shown = cut
    .slice(0, max)
    .join('')
    .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
  return cut.length > max ? `${shown}…` : shown;
}
