/**
 * The English catalogue, which names every message; the others must have the same keys and arguments
 * (`messages.spec.ts`). ICU MessageFormat: `select` and `plural` in the message, numbers and dates formatted
 * for the info block's locale.
 */
export const en = {
  senderName: 'Atalaya early warning of mixed migration movements (Los Angeles Declaration)',
  headline:
    '{type, select, pending {Pending alert} firing {Alert} escalated {Alert escalated} deEscalated {Alert de-escalated} updated {Alert updated} newPeak {New peak} resolved {Alert ended} cancelled {Alert withdrawn} other {Alert}}{hasLevel, select, yes { ({levelName})} other {}}: {title}',
  level: '{level, select, watch {watch} warning {warning} emergency {emergency} other {{level}}}',
  reached:
    '{hasValue, select, yes {The reported figure, {value, number} for {period},} other {The figure for {period}, not shown here under the reporting state’s data-sharing policy,}} reached the threshold of {threshold, number}.',
  clearedBelow:
    '{hasValue, select, yes {The reported figure, {value, number} for {period},} other {The figure for {period}, not shown here under the reporting state’s data-sharing policy,}} fell below the clearing level of {threshold, number}.',
  fellBack:
    '{hasValue, select, yes {The reported figure, {value, number} for {period},} other {The figure for {period}, not shown here under the reporting state’s data-sharing policy,}} fell back below {threshold, number} before the rise was sustained.',
  pending: 'The alert fires if the rise is sustained.',
  escalated: 'The level rose from {previousLevel} to {level}.',
  deEscalated: 'The level fell from {previousLevel} to {level}.',
  updated:
    '{hasRevisedBy, select, yes {A late or revised figure ({revisedBy}) changed this alert; this message replaces the earlier ones.} other {A late or revised figure changed this alert; this message replaces the earlier ones.}}',
  newPeak:
    'New peak for this alert, still at {level}: {peak, number}, {ratio, number, ::.##}× the previous peak of {previousPeak, number}.',
  newPeakWithheld:
    'New peak for this alert, still at {level}; its figures are not shown here under the reporting state’s data-sharing policy.',
  cancelled:
    '{hasRevisedBy, select, yes {A late or revised figure ({revisedBy}) withdrew this alert: it would not have been raised. Disregard the earlier messages.} other {A late or revised figure withdrew this alert: it would not have been raised. Disregard the earlier messages.}}',
  resolved: 'The alert has ended.',
  measure: 'Value compared with the levels: {measure, number}.',
  baseline: 'Reference value: {baseline, number}.',
  override: 'The thresholds agreed for the following state apply: {country}.',
  daysToFull:
    '{days, plural, =0 {At the recent net inflow, capacity will be reached within a day.} one {At the recent net inflow, capacity will be reached in # day.} other {At the recent net inflow, capacity will be reached in # days.}}',
  silentSince: 'No figures have been received since {since, date, instant}.',
  corridor: 'Corridor members with a surge in play: {members}.',
  member:
    '{place} ({indicator}): {hasValue, select, yes {{value, number}} other {figure withheld}} for {period}, {lagDays, plural, =0 {at the end of the corridor} one {# day from the end of the corridor} other {# days from the end of the corridor}}',
  actionsIntro:
    '{count, plural, one {Response action assigned to your organisation:} other {Response actions assigned to your organisation:}}',
  action:
    '- {organisation}: {description} (by {deadline, date, instant}{hasStatus, select, yes {; status: {statusName}} other {}})',
  actionStatus:
    '{status, select, acknowledged {acknowledged} inProgress {in progress} done {done} declined {declined} other {{status}}}',
  placeInCountry: '{place} ({country})',
} as const;

export type MessageKey = keyof typeof en;
export type MessageCatalogue = Readonly<Record<MessageKey, string>>;
