import { codeHref } from './codes';
import { RejectionCode } from './rejection.schema';
import { decideBatch, ledgerEntryOf, type LedgerView } from './revision.rules';
import { Signal } from './signal.schema';
import { validateSignal, type SignalFault, type ValidationContext } from './signal.validation';

/** One record of a sample as it was read: a JSON line, a Kafka message, or a CSV row already judged. */
export type SampleRecord =
  | { readonly line: number; readonly raw: Buffer | string }
  | { readonly line: number; readonly signal: Signal }
  | { readonly line: number; readonly fault: SignalFault; readonly column?: string };

export type ConformanceStatus = 'accepted' | 'duplicate' | 'rejected';

export interface ConformanceVerdict {
  /** The line of the file (from 1, the header counting), or the Kafka message's offset. */
  readonly line: number;
  readonly status: ConformanceStatus;
  readonly signalId?: string;
  readonly code?: RejectionCode;
  readonly path?: string;
  readonly message?: string;
  readonly column?: string;
  readonly help?: string;
}

export interface ConformanceReport {
  readonly read: number;
  readonly accepted: number;
  readonly duplicate: number;
  readonly rejected: number;
  /** The rejections by code, most frequent first. */
  readonly codes: Readonly<Record<string, number>>;
  readonly verdicts: readonly ConformanceVerdict[];
}

/** What an agency's sample says before it goes live: the ledger is the sample's own, unless one is given. */
const noHistory: LedgerView = { signal: () => undefined, revision: () => undefined };

/**
 * What Atalaya would make of each record of a sample, by the rules of its doors: the same validation, then
 * the same ledger rules (a signal seen twice is a duplicate, the same id with other content a conflict, a
 * lower revision stale). Nothing is stored or sent: this is the check an agency runs on its own output.
 */
export function judgeSample(
  records: readonly SampleRecord[],
  ctx: ValidationContext,
  ledger: LedgerView = noHistory,
): ConformanceReport {
  const screened = records.map((record) => {
    if ('signal' in record) return { line: record.line, ok: true as const, signal: record.signal };
    if ('fault' in record)
      return { line: record.line, ok: false as const, fault: record.fault, column: record.column };
    const verdict = validateSignal(record.raw, ctx);
    return verdict.ok
      ? { line: record.line, ok: true as const, signal: verdict.signal }
      : { line: record.line, ok: false as const, fault: verdict.fault, signalId: verdict.signalId };
  });
  const valid = screened.flatMap((s) => (s.ok ? [ledgerEntryOf(s.signal, `line:${s.line}`)] : []));
  const decisions = decideBatch(valid, ledger);
  let next = 0;
  const verdicts = screened.map((s): ConformanceVerdict => {
    if (!s.ok) return rejected(s.line, s.fault, 'signalId' in s ? s.signalId : undefined, s.column);
    const decision = decisions[next++];
    if (decision.kind === 'rejected') return rejected(s.line, decision.fault, s.signal.signalId);
    const status = decision.kind === 'accepted' ? 'accepted' : 'duplicate';
    return { line: s.line, status, signalId: s.signal.signalId };
  });
  const count = (status: ConformanceStatus) => verdicts.filter((v) => v.status === status).length;
  const tally = new Map<string, number>();
  verdicts.forEach((v) => v.code && tally.set(v.code, (tally.get(v.code) ?? 0) + 1));
  return {
    read: records.length,
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    codes: Object.fromEntries([...tally].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))),
    verdicts,
  };
}

function rejected(line: number, fault: SignalFault, signalId?: string, column?: string): ConformanceVerdict {
  return {
    line,
    status: 'rejected',
    ...(signalId === undefined ? {} : { signalId }),
    code: fault.code,
    path: fault.path,
    message: fault.message,
    ...(column === undefined ? {} : { column }),
    help: codeHref(fault.code),
  };
}

/**
 * The records of a JSON file: the items of an array, numbered from 1, when the file is one JSON array (the
 * body of a batch submission); otherwise its lines, as JSON lines.
 */
export function jsonRecords(text: Buffer): { line: number; raw: Buffer | string }[] {
  if (text.toString().trimStart().startsWith('[')) {
    try {
      const items = JSON.parse(text.toString()) as unknown;
      if (Array.isArray(items)) return items.map((item, i) => ({ line: i + 1, raw: JSON.stringify(item) }));
    } catch {
      // Not one JSON array after all: read it line by line, where the broken line gets its NOT_JSON.
    }
  }
  return jsonLines(text);
}

/** The lines of a JSON-lines file, numbered from 1; blank lines are no records. */
export function jsonLines(text: Buffer): { line: number; raw: Buffer }[] {
  const records: { line: number; raw: Buffer }[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === 0x0a) {
      const raw = text.subarray(start, i > start && text[i - 1] === 0x0d ? i - 1 : i);
      if (raw.toString().trim() !== '') records.push({ line, raw });
      start = i + 1;
      line++;
    }
  }
  return records;
}
