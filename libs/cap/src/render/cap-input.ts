import { ActionStatus, SharedAlertEvent } from '@atalaya/contracts';
import { CapReference, CapValuePair } from '../message/cap-message.schema';
import { CapLanguage } from '../texts/languages';

/** A text in one language for all, or per language (the first of the recipient's languages present wins). */
export type LocalizedText = string | Partial<Record<CapLanguage, string>>;

/** One action of the response protocol assigned to the recipient. */
export interface ResponseAction {
  id: string;
  /** The organisation the protocol assigns it to, e.g. `PAN-SNM`, `IOM`. */
  organisation: string;
  description: LocalizedText;
  /** ISO 8601 instant: activation plus the protocol's delay. */
  deadline: string;
  status?: ActionStatus;
}

export interface AlertPlace {
  /** The place's id in the reference data (`places.yaml`), when the alert is about a place. */
  id?: string;
  name?: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  /** ISO 3166-2 first-level subdivision, e.g. `PA-5`. */
  admin1?: string;
}

export interface AlertArea {
  /** Replaces the description built from the places' names. Required when there are no places. */
  description?: LocalizedText;
  places: readonly AlertPlace[];
  /** More geocodes, after those derived from the places. */
  geocodes?: readonly CapValuePair[];
}

/** One alert lifecycle event, as one CAP document for one recipient. */
export interface CapRenderInput {
  event: SharedAlertEvent;
  /** The notification's id: unique per recipient and event, no spaces or commas. */
  identifier: string;
  /** Atalaya's CAP sender, e.g. `atalaya@oas.org`. */
  sender: string;
  /** When the document is sent: an ISO 8601 instant with `Z` or an offset. */
  sent: string;
  /** The recipient's id, the one address of a `Private` message; null for a `Public` one, addressed to no one. */
  recipient: string | null;
  /** The earlier messages of this alert sent to this recipient, oldest first (`sent` as in those messages). */
  references: readonly CapReference[];
  /** The recipient's languages, in its order of preference: one `info` block each. */
  languages: readonly CapLanguage[];
  area: AlertArea;
  /** The protocol's actions for this trigger and level assigned to the recipient (may be none). */
  actions: readonly ResponseAction[];
  /** `Actual` unless this is an exercise or a test. */
  status?: 'Actual' | 'Exercise' | 'Test';
  /** IANA time zone of the dates in the texts (deadlines, silences). Default `UTC`. */
  timeZone?: string;
  /** A page about the alert for people, e.g. its timeline in Atalaya. */
  web?: string;
}
