import { CapReference } from './cap-message.schema';

/** CAP forbids spaces, commas and the restricted characters `<` and `&` in identifiers and senders. */
export const CAP_IDENTIFIER = /^[^\s,<&]+$/;

/** `references`: each message as `sender,identifier,sent`, separated by spaces. */
export function formatReferences(references: readonly CapReference[]): string {
  return references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}

/** The messages `references` names, or the entries that are not `sender,identifier,sent`. */
export function splitReferences(text: string): { references: CapReference[]; malformed: string[] } {
  const references: CapReference[] = [];
  const malformed: string[] = [];
  for (const entry of text.split(/\s+/).filter((e) => e !== '')) {
    const parts = entry.split(',');
    if (parts.length === 3 && parts.every((p) => p !== '')) {
      const [sender, identifier, sent] = parts;
      references.push({ sender, identifier, sent });
    } else {
      malformed.push(entry);
    }
  }
  return { references, malformed };
}

/** `addresses` and `incidents`: space-separated, an entry with whitespace in double quotes. */
export function formatCapList(entries: readonly string[]): string {
  return entries.map((e) => (/\s/.test(e) ? `"${e}"` : e)).join(' ');
}
