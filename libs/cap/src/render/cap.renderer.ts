import { XMLBuilder } from 'fast-xml-parser';
import { AlertEventType } from '@atalaya/contracts';
import { firstLevelSubdivisions, isCountry } from '@atalaya/reference';
import { toCapDateTime } from '../message/cap-date-time';
import {
  CAP_DATE_TIME,
  CAP_NAMESPACE,
  CapCertainty,
  CapMsgType,
  CapReference,
  CapResponseType,
  CapValuePair,
} from '../message/cap-message.schema';
import { CapRenderError } from '../message/cap.error';
import { CAP_IDENTIFIER, formatCapList, formatReferences } from '../message/cap-references';
import { atalayaParameters, CapAction, TRIGGER_EVENT_CODE } from '../profile/atalaya.parameters';
import { infoTexts, localize } from '../texts/cap.texts';
import { CAP_LANGUAGE_TAGS, CapLanguage, capLanguages } from '../texts/languages';
import { CapRenderInput } from './cap-input';

export const GEOCODE_COUNTRY = 'ISO 3166-1 alpha-3';
export const GEOCODE_SUBDIVISION = 'ISO 3166-2';
export const GEOCODE_PLACE = 'atalaya:place';

/**
 * The step of an alert as a CAP message type. A recipient's first message about an alert is an `Alert` even for
 * an escalation or an update (it may have subscribed above the first level): CAP's `Update` supersedes messages
 * named in `references`, and there are none.
 */
export function capMsgType(type: AlertEventType, hasReferences: boolean): CapMsgType {
  switch (type) {
    case 'pending':
    case 'firing':
      return 'Alert';
    case 'escalated':
    case 'de-escalated':
    case 'updated':
      return hasReferences ? 'Update' : 'Alert';
    case 'resolved':
    case 'cancelled':
      return 'Cancel';
  }
}

/** Execute: carry out the protocol's actions in `instruction`; Monitor when none are assigned. */
function responseType(type: AlertEventType, hasActions: boolean): CapResponseType {
  if (type === 'resolved') return 'AllClear';
  if (type === 'cancelled') return 'None';
  if (type === 'pending') return 'Monitor';
  return hasActions ? 'Execute' : 'Monitor';
}

/** The figures are reported by the states: observed. A pending rise has yet to hold. */
function certainty(type: AlertEventType): CapCertainty {
  return type === 'pending' ? 'Likely' : 'Observed';
}

const knownTimeZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  knownTimeZones.add(zone);
  return true;
}

function inputProblems(input: CapRenderInput): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(
    !input.event.shadow,
    `event ${input.event.eventId} is a shadow trigger's: shadow events are never dispatched`,
  );
  check(
    CAP_IDENTIFIER.test(input.identifier),
    `identifier "${input.identifier}" is empty or has a space, comma, < or &`,
  );
  check(CAP_IDENTIFIER.test(input.sender), `sender "${input.sender}" is empty or has a space, comma, < or &`);
  check(input.recipient === null || input.recipient.trim() !== '', 'recipient is empty');
  check(
    input.languages.length > 0,
    'no language: a CAP document needs one info block per recipient language',
  );
  check(
    new Set(input.languages).size === input.languages.length,
    `languages repeat: ${input.languages.join(', ')}`,
  );
  for (const l of input.languages)
    check(capLanguages.includes(l), `language "${l}" is none of ${capLanguages.join(', ')}`);
  for (const r of input.references) {
    check(
      CAP_IDENTIFIER.test(r.sender) && CAP_IDENTIFIER.test(r.identifier),
      `reference ${r.sender},${r.identifier} has a space, comma, < or &`,
    );
  }
  check(
    capMsgType(input.event.type, true) !== 'Cancel' || input.references.length > 0,
    `a ${input.event.type} event is a Cancel, which must reference the messages it cancels: references is empty`,
  );
  for (const p of input.area.places) {
    check(
      isCountry(p.country),
      `place ${p.id ?? p.name ?? ''}: country "${p.country}" is not ISO 3166-1 alpha-3`,
    );
    check(
      p.admin1 === undefined || firstLevelSubdivisions(p.country).has(p.admin1),
      `place ${p.id ?? p.name ?? ''}: "${p.admin1}" is not an ISO 3166-2 first-level subdivision of ${p.country}`,
    );
  }
  check(
    input.area.description !== undefined || input.area.places.length > 0,
    'the area has neither a description nor places',
  );
  check(isTimeZone(input.timeZone ?? 'UTC'), `timeZone "${input.timeZone}" is not an IANA time zone`);
  for (const a of input.actions) {
    check(
      !Number.isNaN(Date.parse(a.deadline)),
      `action ${a.id}: deadline "${a.deadline}" is not an instant`,
    );
  }
  return problems;
}

function geocodes(input: CapRenderInput): CapValuePair[] {
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x) => x !== undefined))];
  const places = input.area.places;
  return [
    ...unique(places.map((p) => p.country)).map((value) => ({ valueName: GEOCODE_COUNTRY, value })),
    ...unique(places.map((p) => p.admin1)).map((value) => ({ valueName: GEOCODE_SUBDIVISION, value })),
    ...unique(places.map((p) => p.id)).map((value) => ({ valueName: GEOCODE_PLACE, value })),
    ...(input.area.geocodes ?? []),
  ];
}

function capReference(r: CapReference): CapReference {
  return CAP_DATE_TIME.test(r.sent)
    ? r
    : { ...r, sent: toCapDateTime(r.sent, `reference ${r.identifier}: sent`) };
}

function info(input: CapRenderInput, language: CapLanguage) {
  const { event } = input;
  const texts = infoTexts(language, input);
  if (texts.areaDesc === undefined) throw new CapRenderError(`the area has no description in ${language}`);
  const actions: CapAction[] = input.actions.map((a) => ({
    id: a.id,
    organisation: a.organisation,
    description: localize(a.description, language, input.languages) ?? '',
    deadline: a.deadline,
    ...(a.status === undefined ? {} : { status: a.status }),
  }));
  return {
    language: CAP_LANGUAGE_TAGS[language],
    category: ['Safety'],
    event: event.trigger.title,
    responseType: [responseType(event.type, actions.length > 0)],
    urgency: event.urgency,
    severity: event.severity,
    certainty: certainty(event.type),
    eventCode: [{ valueName: TRIGGER_EVENT_CODE, value: event.trigger.id }],
    senderName: texts.senderName,
    headline: texts.headline,
    description: texts.description,
    instruction: texts.instruction,
    web: input.web,
    parameter: atalayaParameters(event, actions),
    area: [{ areaDesc: texts.areaDesc, geocode: geocodes(input) }],
  };
}

/** What XML 1.0 cannot carry at all, escaped or not: C0 controls but tab and line ends, lone surrogates, U+FFFE/F. */
const NOT_XML_TEXT = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Drops absent elements and empty lists; refuses text XML cannot carry; writes line ends as XML reads them. */
function xmlReady(node: unknown, path: string): unknown {
  if (typeof node === 'string') {
    if (NOT_XML_TEXT.test(node))
      throw new CapRenderError(`${path} has a character XML cannot carry: ${JSON.stringify(node)}`);
    return node.replace(/\r\n?/g, '\n');
  }
  if (Array.isArray(node)) return node.map((n, i) => xmlReady(n, `${path}[${i}]`));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, xmlReady(v, `${path}/${k}`)]),
    );
  }
  return node;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  processEntities: true,
});

/**
 * One alert event for one recipient as a CAP 1.2 document: `Private`, addressed to the recipient (or `Public`
 * for the public feed, addressed to no one), one `info`
 * block per recipient language, the evidence and the recipient's response actions as parameters
 * (`docs/cap.md`). Throws `CapRenderError` naming every problem of the input.
 */
export function renderCap(input: CapRenderInput): string {
  const problems = inputProblems(input);
  if (problems.length > 0) throw new CapRenderError(`cannot render CAP: ${problems.join('; ')}`);
  const references = input.references.map(capReference);
  const alert = {
    '@_xmlns': CAP_NAMESPACE,
    identifier: input.identifier,
    sender: input.sender,
    sent: toCapDateTime(input.sent, 'sent'),
    status: input.status ?? 'Actual',
    msgType: capMsgType(input.event.type, references.length > 0),
    scope: input.recipient === null ? 'Public' : 'Private',
    addresses: input.recipient === null ? undefined : formatCapList([input.recipient]),
    references: references.length === 0 ? undefined : formatReferences(references),
    incidents: formatCapList([input.event.alertId]),
    info: input.languages.map((language) => info(input, language)),
  };
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    alert: xmlReady(alert, '/alert'),
  };
  return builder.build(document);
}
