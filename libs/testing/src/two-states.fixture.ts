import type { SignalInput } from '@atalaya/contracts';
import { hondurasCentre, iomOffice, type RoutingFixture } from './routing-fixture';
import { startServiceProcess, type ServiceProcess } from './service.process';

/** Last month, as its first and last days in UTC. */
export function lastMonth(): { start: string; end: string } {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** Honduras' alerts routed to its operations centre, Mexico's to IOM (the Secretariat hears both). */
export const twoStatesRouting = (): RoutingFixture => ({
  recipients: [hondurasCentre(), iomOffice()],
  routes: [
    { id: 'honduras', match: { state: 'HND' }, receivers: ['ops_hnd'] },
    { id: 'mexico', match: { state: 'MEX' }, receivers: ['iom'] },
  ],
});

/**
 * Last month's Honduran entries at emergency and Mexican presentations at watch: two alerts of two states
 * from the default catalogue (honduras-entries-surge, mexico-presentations-surge). `tag` keeps the signal
 * ids of a suite apart.
 */
export function twoStatesSignals(tag: string): { honduras: SignalInput; mexico: SignalInput } {
  const stamp = `${tag}-${Date.now().toString(36)}`;
  return {
    honduras: {
      signalId: `${stamp}-hnd`,
      reporter: 'HND',
      indicator: 'irregular_entries',
      location: { country: 'HND' },
      period: lastMonth(),
      value: 30000,
    },
    mexico: {
      signalId: `${stamp}-mex`,
      reporter: 'MEX',
      indicator: 'irregular_migrants_presented',
      location: { country: 'MEX' },
      period: lastMonth(),
      value: 30000,
    },
  };
}

/** Every service as a child process, the gateway first, the dispatcher on a fast tick. */
export function startStack(env: NodeJS.ProcessEnv): Promise<ServiceProcess[]> {
  return Promise.all(
    (['gateway', 'ingest', 'engine', 'dispatcher'] as const).map((s) =>
      startServiceProcess(s, s === 'dispatcher' ? { ...env, ATALAYA_DISPATCH_TICK_MS: '200' } : env),
    ),
  );
}
