import { SharedAlertEvent as AlertEvent } from '@atalaya/contracts';
import { AlertArea, AlertPlace, CapRenderInput, LocalizedText, ResponseAction } from '../render/cap-input';
import { CapLanguage, capLanguages } from './languages';
import { countryName, formatList, formatPeriod } from './locale.formats';
import { formatMessage, MessageValues, selectKey } from './message.formatter';
import { MessageKey } from './messages/en.messages';

export interface InfoTexts {
  senderName: string;
  headline: string;
  description: string;
  /** The actions assigned to the recipient; none when it has none. */
  instruction?: string;
  /** None when the area has neither a description nor places. */
  areaDesc?: string;
}

/** The text in `language`, else in the first of the recipient's languages it has, else in any. */
export function localize(
  text: LocalizedText,
  language: CapLanguage,
  preferences: readonly CapLanguage[],
): string | undefined {
  if (typeof text === 'string') return text;
  const order = [language, ...preferences, ...capLanguages];
  return order.map((l) => text[l]).find((t) => t !== undefined);
}

class Writer {
  constructor(
    readonly language: CapLanguage,
    private readonly timeZone: string,
  ) {}

  msg(key: MessageKey, values: MessageValues = {}): string {
    return formatMessage(this.language, key, values, this.timeZone);
  }

  level(level: string): string {
    return this.msg('level', { level });
  }
}

/** An `updated` event that re-warns at a new peak of its alert, rather than restating revised figures. */
function newPeakOf(event: AlertEvent): number | undefined {
  const { reason, previousPeak } = event.evidence;
  return event.type === 'updated' && reason === 'new-peak' ? previousPeak : undefined;
}

/** A new peak, with its figures where the recipient may see them. */
function newPeakText(w: Writer, level: string, peak: number | undefined, previousPeak: number): string {
  return peak === undefined
    ? w.msg('newPeakWithheld', { level })
    : w.msg('newPeak', { level, peak, ratio: peak / previousPeak, previousPeak });
}

function headline(w: Writer, event: AlertEvent): string {
  return w.msg('headline', {
    type: newPeakOf(event) === undefined ? selectKey(event.type) : 'newPeak',
    hasLevel: event.level === null ? 'no' : 'yes',
    levelName: event.level === null ? '' : w.level(event.level),
    title: event.trigger.title,
  });
}

/** What happened to the alert: the comparison that moved it, then the step it took. */
function description(w: Writer, event: AlertEvent, places: readonly AlertPlace[]): string {
  const e = event.evidence;
  const figure = {
    hasValue: e.value === undefined ? 'no' : 'yes',
    value: e.value ?? 0,
    period: formatPeriod(w.language, e.period),
    threshold: e.threshold,
  };
  const comparison: Record<typeof e.comparison, MessageKey> = {
    above: 'reached',
    'below-clear': 'clearedBelow',
    below: 'fellBack',
  };
  const revised = { hasRevisedBy: e.revisedBy === undefined ? 'no' : 'yes', revisedBy: e.revisedBy ?? '' };
  const levels = {
    previousLevel: event.previousLevel === null ? '' : w.level(event.previousLevel),
    level: event.level === null ? '' : w.level(event.level),
  };
  const previousPeak = newPeakOf(event);
  const updated =
    previousPeak === undefined
      ? w.msg('updated', revised)
      : newPeakText(w, levels.level, e.measure ?? e.value, previousPeak);
  const step: Record<AlertEvent['type'], string> = {
    pending: w.msg('pending'),
    firing: '',
    escalated: w.msg('escalated', levels),
    'de-escalated': w.msg('deEscalated', levels),
    updated,
    resolved: w.msg('resolved'),
    cancelled: w.msg('cancelled', revised),
  };
  const placeName = (id: string) => places.find((p) => p.id === id)?.name ?? id;
  const members = (e.members ?? []).map((m) =>
    w.msg('member', {
      place: placeName(m.place),
      indicator: m.indicator,
      hasValue: m.value === undefined ? 'no' : 'yes',
      value: m.value ?? 0,
      period: formatPeriod(w.language, m.period),
      lagDays: m.lagDays,
    }),
  );
  return [
    w.msg(comparison[e.comparison], figure),
    step[event.type],
    e.measure === undefined ? '' : w.msg('measure', { measure: e.measure }),
    e.baseline === undefined ? '' : w.msg('baseline', { baseline: e.baseline }),
    e.override === undefined ? '' : w.msg('override', { country: countryName(w.language, e.override) }),
    e.daysToFull === undefined ? '' : w.msg('daysToFull', { days: Math.max(0, Math.floor(e.daysToFull)) }),
    e.silentSince === undefined ? '' : w.msg('silentSince', { since: new Date(e.silentSince) }),
    members.length === 0 ? '' : w.msg('corridor', { members: formatList(w.language, members) }),
  ]
    .filter((s) => s !== '')
    .join(' ');
}

function instruction(
  w: Writer,
  actions: readonly ResponseAction[],
  preferences: readonly CapLanguage[],
): string | undefined {
  if (actions.length === 0) return undefined;
  const lines = actions.map((a) =>
    w.msg('action', {
      organisation: a.organisation,
      description: localize(a.description, w.language, preferences) ?? '',
      deadline: new Date(a.deadline),
      hasStatus: a.status === undefined ? 'no' : 'yes',
      statusName: a.status === undefined ? '' : w.msg('actionStatus', { status: selectKey(a.status) }),
    }),
  );
  return [w.msg('actionsIntro', { count: actions.length }), ...lines].join('\n');
}

function areaDesc(w: Writer, area: AlertArea, preferences: readonly CapLanguage[]): string | undefined {
  if (area.description !== undefined) return localize(area.description, w.language, preferences);
  if (area.places.length === 0) return undefined;
  const names = area.places.map((p) => {
    const country = countryName(w.language, p.country);
    return p.name === undefined ? country : w.msg('placeInCountry', { place: p.name, country });
  });
  return formatList(w.language, [...new Set(names)]);
}

/** The texts of the info block in `language`, from its catalogue and formatted for its locale. */
export function infoTexts(language: CapLanguage, input: CapRenderInput): InfoTexts {
  const w = new Writer(language, input.timeZone ?? 'UTC');
  return {
    senderName: w.msg('senderName'),
    headline: headline(w, input.event),
    description: description(w, input.event, input.area.places),
    instruction: instruction(w, input.actions, input.languages),
    areaDesc: areaDesc(w, input.area, input.languages),
  };
}
