import { alertEventSchema, topicNames, type AlertEvent } from '@atalaya/contracts';
import type { OutboxRelay } from '@atalaya/messaging';
import { ServiceMetrics } from '@atalaya/observability';
import { RowDecodeError } from '@atalaya/persistence';
import { databaseForSuite, type SuiteDatabase } from '@atalaya/testing';
import { initialState, type Silence, type TriggerState } from '@atalaya/triggers';
import pino from 'pino';
import { AlertEventsRepository } from '../../apps/engine/src/alert-events.repository';
import { AlertLog } from '../../apps/engine/src/alert-log';
import { TriggerStateRepository } from '../../apps/engine/src/trigger-state.repository';

const SERIES = 'PAN/irregular_crossings/PAN/-/darien';

/** An alert event as the evaluator builds it: keys in the contract's order. */
function alertEvent(eventId: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return alertEventSchema.parse({
    eventId,
    alertId: 'alert-darien-2024-04',
    type: 'firing',
    level: 'watch',
    previousLevel: null,
    severity: 'Moderate',
    urgency: 'Expected',
    shadow: false,
    trigger: { id: 'crossings', version: 2, title: 'Crossings above a threshold' },
    seriesKey: SERIES,
    evidence: {
      value: 200,
      period: { start: '2024-04-01', end: '2024-04-30' },
      threshold: 100,
      comparison: 'above',
      signalId: 'pan-2024-04-crossings',
      measure: 2,
      baseline: 100,
    },
    ...over,
  });
}

/** The engine's own tables (trigger_state, alert_events) and the alert log, on the real PostgreSQL. */
describe('engine repositories', () => {
  let db: SuiteDatabase;
  const states = new TriggerStateRepository();
  const alertEvents = new AlertEventsRepository();

  beforeAll(async () => {
    db = await databaseForSuite('engine_repositories');
  });

  afterAll(async () => {
    await db?.drop();
  });

  describe('TriggerStateRepository', () => {
    const rising: TriggerState = {
      level: 'watch',
      alertId: 'alert-darien-2024-04',
      peak: 1.4375,
      lastPeriodStart: '2024-04-01',
      seen: 4,
      pendingLevel: 'warning',
      pendingCount: 1,
      sinceResolved: null,
      history: [120, 150.5, 200],
    };

    it('saves states and reads back, row-locked, those asked for', async () => {
      const key = { triggerId: 'crossings', seriesKey: SERIES };
      const other = { triggerId: 'rate', seriesKey: SERIES };
      await db.dataSource.transaction((em) =>
        states.save(em, [
          { key, version: 1, state: initialState },
          { key: other, version: 1, state: initialState },
        ]),
      );
      await db.dataSource.transaction((em) => states.save(em, [{ key, version: 2, state: rising }]));
      const read = await db.dataSource.transaction((em) =>
        states.lock(em, [key, { triggerId: 'crossings', seriesKey: 'PAN/never/PAN/-/-' }]),
      );
      expect([...read.values()]).toEqual([rising]);
      const [row] = await db.dataSource.query<{ trigger_version: number }[]>(
        `SELECT trigger_version FROM trigger_state WHERE trigger_id = 'crossings'`,
      );
      expect(row.trigger_version).toBe(2);
    });

    it('locks the states kept under a version older than the one in force, and only those', async () => {
      const older = { triggerId: 'governed', seriesKey: SERIES };
      const current = { triggerId: 'governed', seriesKey: 'CRI/irregular_crossings/CRI/-/-' };
      await db.dataSource.transaction((em) =>
        states.save(em, [
          { key: older, version: 1, state: rising },
          { key: current, version: 2, state: initialState },
        ]),
      );
      const outdated = await db.dataSource.transaction((em) =>
        states.lockOutdated(em, [
          { triggerId: 'governed', version: 2 },
          { triggerId: 'crossings', version: 2 },
        ]),
      );
      expect(outdated).toEqual([{ key: older, version: 1, state: rising }]);
    });

    it('stops, naming the table and the column, at a state whose history is not a list of numbers', async () => {
      await db.dataSource.query(
        `UPDATE trigger_state SET history = '{"values": [1, 2]}' WHERE trigger_id = 'rate'`,
      );
      const read = db.dataSource.transaction((em) =>
        states.lock(em, [{ triggerId: 'rate', seriesKey: SERIES }]),
      );
      await expect(read).rejects.toThrow(RowDecodeError);
      await expect(read).rejects.toThrow(/^a row of trigger_state does not decode: column history: /);
    });

    it("keeps a no-data series' instants to the millisecond in UTC, whatever the session's time zone", async () => {
      const key = { triggerId: 'silent', seriesKey: 'silence/PAN' };
      const silence: Silence = {
        state: { ...rising, peak: null, lastPeriodStart: '2024-03-01T10:20:30.123Z', history: [] },
        since: { at: '2024-03-01T09:00:00.456Z', signalId: 'pan-2024-02-crossings' },
      };
      const read = await db.dataSource.transaction(async (em) => {
        await em.query(`SET LOCAL TIME ZONE 'America/Panama'`);
        await states.saveSilences(em, [{ key, version: 1, silence }]);
        return states.loadSilences(em, [key, { triggerId: 'silent', seriesKey: 'silence/CRI' }]);
      });
      expect([...read.values()]).toEqual([silence]);
      const [row] = await db.dataSource.query<{ last: string }[]>(
        `SELECT last_period_start::text AS last FROM trigger_state WHERE trigger_id = 'silent'`,
      );
      expect(row.last).toBe('2024-03-01 10:20:30.123');
    });
  });

  describe('AlertEventsRepository', () => {
    it('records each event once and reads them back in recording order, decoded in the contract key order', async () => {
      const fired = alertEvent('crossings/firing@2024-04-01');
      const escalated = alertEvent('crossings/escalated@2024-05-01', {
        type: 'escalated',
        level: 'warning',
        previousLevel: 'watch',
      });
      const elsewhere = alertEvent('crossings/firing@2024-04-01/cri', {
        seriesKey: 'CRI/irregular_crossings/CRI/-/-',
      });
      const em = db.dataSource.manager;
      await expect(alertEvents.insertNew(em, [escalated, fired])).resolves.toEqual([escalated, fired]);
      await expect(alertEvents.insertNew(em, [fired, elsewhere, elsewhere])).resolves.toEqual([elsewhere]);
      const recorded = await alertEvents.recordedFor(em, [{ triggerId: 'crossings', seriesKey: SERIES }]);
      const events = [...recorded.values()].flat();
      expect(events).toEqual([escalated, fired]);
      // jsonb keeps keys in an order of its own; the evaluator compares evidence as JSON text.
      expect(events.map((e) => JSON.stringify(e))).toEqual([escalated, fired].map((e) => JSON.stringify(e)));
    });
  });

  describe('AlertEventsRepository, for a shadow run', () => {
    it("keeps a proposed version's events under its run id and publishes them under the trigger's own", async () => {
      const shadow = alertEvent('crossings@3/firing@2024-04-01', {
        alertId: 'alert-shadow',
        shadow: true,
        trigger: { id: 'crossings@3', version: 3, title: 'Crossings, recalibrated' },
      });
      const em = db.dataSource.manager;
      const published = { ...shadow, trigger: { ...shadow.trigger, id: 'crossings' } };
      await expect(alertEvents.insertNew(em, [shadow])).resolves.toEqual([published]);
      const run = await alertEvents.recordedFor(em, [{ triggerId: 'crossings@3', seriesKey: SERIES }]);
      expect([...run.values()].flat()).toEqual([published]);
      const inForce = await alertEvents.recordedFor(em, [{ triggerId: 'crossings', seriesKey: SERIES }]);
      expect([...inForce.values()].flat().map((e) => e.eventId)).not.toContain(shadow.eventId);
    });
  });

  describe('AlertLog', () => {
    it('records new events with their outbox rows once, then counts, logs and kicks the relay after commit', async () => {
      const topics = topicNames('medium.');
      const metrics = new ServiceMetrics('engine');
      const lines: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
      let kicks = 0;
      const relay = { kick: () => void (kicks += 1) } as unknown as OutboxRelay;
      const log = new AlertLog(alertEvents, topics, relay, logger, metrics);
      const pending = alertEvent('crossings/pending@2024-06-01', {
        alertId: 'alert-darien-2024-06',
        type: 'pending',
        evidence: { ...alertEvent('x').evidence, period: { start: '2024-06-01', end: '2024-06-30' } },
      });
      const raised = await db.dataSource.transaction((em) => log.record(em, [pending, pending]));
      const again = await db.dataSource.transaction((em) => log.record(em, [pending]));
      expect({ raised, again }).toEqual({ raised: [pending], again: [] });
      const outbox = await db.dataSource.query<{ topic: string; message_key: string; payload: string }[]>(
        `SELECT topic, message_key, payload FROM outbox ORDER BY id`,
      );
      expect(outbox).toEqual([
        {
          topic: 'medium.atalaya.alerts',
          message_key: 'alert-darien-2024-06',
          payload: JSON.stringify(pending),
        },
      ]);
      log.published(again);
      expect({ kicks, lines }).toEqual({ kicks: 0, lines: [] });
      log.published(raised);
      expect(kicks).toBe(1);
      expect((await metrics.alerts.get()).values).toEqual([
        { labels: { trigger: 'crossings', type: 'pending', level: 'watch' }, value: 1 },
      ]);
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
        expect.objectContaining({
          msg: 'alert event',
          alertId: 'alert-darien-2024-06',
          type: 'pending',
          trigger: 'crossings',
          seriesKey: SERIES,
        }),
      ]);
    });
  });
});
