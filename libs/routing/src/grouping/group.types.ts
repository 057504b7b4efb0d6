import { AlertEvent } from '@atalaya/contracts';
import { AlertContext } from '../context/alert.context';
import { Instant } from '../time';

export interface GroupedAlert {
  /** The alert's latest event: what a notification says of it. */
  readonly event: AlertEvent;
  readonly context: AlertContext;
}

/** What one recipient was last sent from a group. */
export interface Delivery {
  readonly at: Instant;
  /** 1 for the group's first notification to this recipient, then one more each time. */
  readonly sequence: number;
  /** The event last sent for each alert still open to this recipient. */
  readonly events: Readonly<Record<string, string>>;
}

/**
 * One group of one route: the alerts that share the route's `groupBy` labels, and what each recipient was
 * last sent. Plain data, so the dispatcher can keep it as JSON between wake-ups.
 */
export interface GroupState {
  readonly routeId: string;
  /** The `groupBy` labels and their values, e.g. `state=PAN,trigger=darien-crossings-surge`. */
  readonly key: string;
  readonly createdAt: Instant;
  /**
   * The event that opened the group. A group is forgotten once its alerts end, and the same key may open
   * again (a revision restating an alert that ended): with the key it names this lifetime of the group, so
   * that no notification of it takes the id of one of an earlier lifetime. Absent in groups opened before
   * it was kept, whose notifications keep the ids they had.
   */
  readonly openedBy?: string;
  readonly lastFlushAt: Instant | null;
  readonly alerts: Readonly<Record<string, GroupedAlert>>;
  readonly deliveries: Readonly<Record<string, Delivery>>;
}

/** The route settings a group runs on. */
export interface GroupSettings {
  readonly receivers: readonly string[];
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/** Whether an alert is held back from a recipient now (silenced or inhibited). */
export type Muted = (recipientId: string, alert: AlertContext) => boolean;

export type NotifiedStatus = 'pending' | 'firing' | 'resolved' | 'cancelled';

export interface NotifiedAlert extends GroupedAlert {
  readonly status: NotifiedStatus;
}

export interface GroupNotification {
  readonly recipientId: string;
  /** `first` to a recipient new to the group, `update` with new or changed alerts, `repeat` with none. */
  readonly reason: 'first' | 'update' | 'repeat';
  readonly sequence: number;
  /** The group's `openedBy`. */
  readonly openedBy?: string;
  /** The group's alerts this recipient may see, by alert id: open ones and the ones it saw end. */
  readonly alerts: readonly NotifiedAlert[];
}

export interface GroupStep {
  /** null once the group holds no alert: it is forgotten. */
  readonly group: GroupState | null;
  readonly notifications: readonly GroupNotification[];
  /** When `groupTick` should next run for this group; null when the group is gone. */
  readonly nextWakeAt: Instant | null;
}
