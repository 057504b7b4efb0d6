import { z } from 'zod';
import { actionStatuses, sharedAlertEventSchema, SharedAlertEvent, SharedEvidence } from '@atalaya/contracts';
import { CapParseError } from '../message/cap.error';
import { CapInfo, CapValuePair } from '../message/cap-message.schema';

/**
 * The `valueName`s of Atalaya's parameters and event code. Values are machine-readable, whatever the info
 * block's language: numbers as JavaScript writes them (`18813`, `1.25`), instants and dates in ISO 8601, and
 * the structured ones (a corridor member, a response action) as one JSON object each.
 */
export const ATALAYA_PARAMETERS = {
  trigger: 'atalaya:trigger',
  triggerVersion: 'atalaya:triggerVersion',
  alertId: 'atalaya:alertId',
  eventId: 'atalaya:eventId',
  eventType: 'atalaya:eventType',
  level: 'atalaya:level',
  previousLevel: 'atalaya:previousLevel',
  seriesKey: 'atalaya:seriesKey',
  value: 'atalaya:value',
  threshold: 'atalaya:threshold',
  comparison: 'atalaya:comparison',
  period: 'atalaya:period',
  signalId: 'atalaya:signalId',
  measure: 'atalaya:measure',
  baseline: 'atalaya:baseline',
  override: 'atalaya:override',
  daysToFull: 'atalaya:daysToFull',
  silentSince: 'atalaya:silentSince',
  revisedBy: 'atalaya:revisedBy',
  reason: 'atalaya:reason',
  previousPeak: 'atalaya:previousPeak',
  corridorMember: 'atalaya:corridorMember',
  action: 'atalaya:action',
} as const;

/** A response action as a CAP document carries it: its description in the info block's language. */
export const capActionSchema = z.strictObject({
  id: z.string(),
  organisation: z.string(),
  description: z.string(),
  deadline: z.string(),
  status: z.enum(actionStatuses).optional(),
});
export type CapAction = z.infer<typeof capActionSchema>;

function pair(valueName: string, value: string): CapValuePair {
  return { valueName, value };
}

/** The alert, its evidence and the actions as `parameter`s (the trigger goes to `eventCode`). */
export function atalayaParameters(event: SharedAlertEvent, actions: readonly CapAction[]): CapValuePair[] {
  const e = event.evidence;
  const optional = (name: string, v: string | number | undefined) =>
    v === undefined ? [] : [pair(name, typeof v === 'number' ? String(v) : v)];
  return [
    pair(ATALAYA_PARAMETERS.triggerVersion, String(event.trigger.version)),
    pair(ATALAYA_PARAMETERS.alertId, event.alertId),
    pair(ATALAYA_PARAMETERS.eventId, event.eventId),
    pair(ATALAYA_PARAMETERS.eventType, event.type),
    ...optional(ATALAYA_PARAMETERS.level, event.level ?? undefined),
    ...optional(ATALAYA_PARAMETERS.previousLevel, event.previousLevel ?? undefined),
    pair(ATALAYA_PARAMETERS.seriesKey, event.seriesKey),
    ...optional(ATALAYA_PARAMETERS.value, e.value),
    pair(ATALAYA_PARAMETERS.threshold, String(e.threshold)),
    pair(ATALAYA_PARAMETERS.comparison, e.comparison),
    pair(ATALAYA_PARAMETERS.period, `${e.period.start}/${e.period.end}`),
    pair(ATALAYA_PARAMETERS.signalId, e.signalId),
    ...optional(ATALAYA_PARAMETERS.measure, e.measure),
    ...optional(ATALAYA_PARAMETERS.baseline, e.baseline),
    ...optional(ATALAYA_PARAMETERS.override, e.override),
    ...optional(ATALAYA_PARAMETERS.daysToFull, e.daysToFull),
    ...optional(ATALAYA_PARAMETERS.silentSince, e.silentSince),
    ...optional(ATALAYA_PARAMETERS.revisedBy, e.revisedBy),
    ...optional(ATALAYA_PARAMETERS.reason, e.reason),
    ...optional(ATALAYA_PARAMETERS.previousPeak, e.previousPeak),
    ...(e.members ?? []).map((m) => pair(ATALAYA_PARAMETERS.corridorMember, JSON.stringify(m))),
    ...actions.map((a) => pair(ATALAYA_PARAMETERS.action, JSON.stringify(a))),
  ];
}

export const TRIGGER_EVENT_CODE = ATALAYA_PARAMETERS.trigger;

/** The Atalaya content of one info block: the alert event as published and the actions it carries. */
export interface AtalayaContent {
  /** As the recipient was shown it: figures its sharing policies withhold are absent. */
  event: SharedAlertEvent;
  actions: CapAction[];
}

class ParameterReader {
  private readonly byName = new Map<string, string[]>();
  readonly problems: string[] = [];

  constructor(pairs: readonly CapValuePair[]) {
    for (const { valueName, value } of pairs)
      this.byName.set(valueName, [...(this.all(valueName) ?? []), value]);
  }

  all(name: string): string[] | undefined {
    return this.byName.get(name);
  }

  text(name: string): string | undefined {
    const values = this.all(name) ?? [];
    if (values.length > 1) this.problems.push(`${name} appears ${values.length} times`);
    return values[0];
  }

  number(name: string): number | undefined {
    const text = this.text(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) this.problems.push(`${name} "${text}" is not a number`);
    return n;
  }

  json(name: string): unknown[] {
    return (this.all(name) ?? []).map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        this.problems.push(`${name} "${text}" is not JSON`);
        return undefined;
      }
    });
  }
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Reads back what `renderCap` wrote into one info block: the alert event (its title from `event`, severity and
 * urgency from the block) and the actions. Throws naming each parameter that is missing or malformed.
 */
export function readAtalayaContent(info: CapInfo): AtalayaContent {
  const r = new ParameterReader(info.parameter);
  const trigger = info.eventCode.find((c) => c.valueName === TRIGGER_EVENT_CODE)?.value;
  const [start, end] = (r.text(ATALAYA_PARAMETERS.period) ?? '').split('/');
  const evidence: Partial<SharedEvidence> = withoutUndefined({
    value: r.number(ATALAYA_PARAMETERS.value),
    period: { start, end },
    threshold: r.number(ATALAYA_PARAMETERS.threshold),
    comparison: r.text(ATALAYA_PARAMETERS.comparison) as SharedEvidence['comparison'],
    signalId: r.text(ATALAYA_PARAMETERS.signalId),
    measure: r.number(ATALAYA_PARAMETERS.measure),
    baseline: r.number(ATALAYA_PARAMETERS.baseline),
    override: r.text(ATALAYA_PARAMETERS.override),
    daysToFull: r.number(ATALAYA_PARAMETERS.daysToFull),
    members:
      r.all(ATALAYA_PARAMETERS.corridorMember) &&
      (r.json(ATALAYA_PARAMETERS.corridorMember) as SharedEvidence['members']),
    silentSince: r.text(ATALAYA_PARAMETERS.silentSince),
    revisedBy: r.text(ATALAYA_PARAMETERS.revisedBy),
    reason: r.text(ATALAYA_PARAMETERS.reason) as SharedEvidence['reason'],
    previousPeak: r.number(ATALAYA_PARAMETERS.previousPeak),
  });
  const candidate = {
    eventId: r.text(ATALAYA_PARAMETERS.eventId),
    alertId: r.text(ATALAYA_PARAMETERS.alertId),
    type: r.text(ATALAYA_PARAMETERS.eventType),
    level: r.text(ATALAYA_PARAMETERS.level) ?? null,
    previousLevel: r.text(ATALAYA_PARAMETERS.previousLevel) ?? null,
    severity: info.severity,
    urgency: info.urgency,
    shadow: false,
    trigger: { id: trigger, version: r.number(ATALAYA_PARAMETERS.triggerVersion), title: info.event },
    seriesKey: r.text(ATALAYA_PARAMETERS.seriesKey),
    evidence,
  };
  const actions = r.json(ATALAYA_PARAMETERS.action);
  const event = sharedAlertEventSchema.safeParse(candidate);
  const parsedActions = z.array(capActionSchema).safeParse(actions);
  const problems = [
    ...r.problems,
    ...(event.success ? [] : event.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...(parsedActions.success
      ? []
      : parsedActions.error.issues.map(
          (i) => `${ATALAYA_PARAMETERS.action}[${i.path.join('.')}]: ${i.message}`,
        )),
  ];
  if (problems.length > 0 || !event.success || !parsedActions.success) {
    throw new CapParseError(
      'invalid',
      problems.map((p) => `info (${info.language}) does not carry Atalaya's content: ${p}`),
    );
  }
  return { event: event.data, actions: parsedActions.data };
}
