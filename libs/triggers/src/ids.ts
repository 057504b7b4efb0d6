import { hash } from 'node:crypto';

/** A deterministic id: the same parts always give the same id, so a replay or a restart repeats it exactly. */
export function stableId(kind: string, ...parts: string[]): string {
  const hex = hash('sha256', parts.join('\u0000'), 'hex');
  return `${kind}-${hex.slice(0, 32)}`;
}
