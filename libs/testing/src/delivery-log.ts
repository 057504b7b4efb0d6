import { eventually } from './eventually';
import type { DataSource } from 'typeorm';

export interface LoggedStatus {
  readonly status: string;
  readonly attempts: number;
}

export interface LoggedAttempt {
  readonly attempt: number;
  readonly outcome: string;
  readonly http_status: number | null;
  readonly error: string | null;
  readonly started_at: Date;
}

/** What a delivery test reads of one channel's rows in the delivery log, and how it drives the deliverer. */
export interface DeliveryLogProbe {
  status(id: string): Promise<LoggedStatus>;
  /** Delivers what is due until the notification settles (delivered or dead-lettered). */
  settle(id: string): Promise<LoggedStatus>;
  attempts(id: string): Promise<LoggedAttempt[]>;
}

/** `database` is read at each call, so a suite can make the probe before its beforeAll opens the database. */
export function deliveryLogProbe(
  database: () => DataSource,
  channel: 'webhook' | 'email',
  deliverDue: () => Promise<unknown>,
): DeliveryLogProbe {
  const status = async (id: string) => {
    const [row] = await database().query<LoggedStatus[]>(
      'SELECT status, attempts FROM notifications WHERE id = $1 AND channel = $2',
      [id, channel],
    );
    return row;
  };
  return {
    status,
    settle: (id) =>
      eventually(`${id} to settle`, async () => {
        await deliverDue();
        const s = await status(id);
        return s.status === 'pending' ? undefined : s;
      }),
    attempts: (id) =>
      database().query<LoggedAttempt[]>(
        `SELECT attempt, outcome, http_status, error, started_at FROM delivery_attempts
         WHERE notification_id = $1 AND channel = $2 ORDER BY attempt`,
        [id, channel],
      ),
  };
}
