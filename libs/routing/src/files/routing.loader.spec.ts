import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertEvent, AlertLevel } from '@atalaya/contracts';
import { loadReference } from '@atalaya/reference/files';
import { parseCatalogue } from '@atalaya/triggers';
import { alertContextOf } from '../context/alert.context';
import { RoutingCatalogueError } from '../catalogue/routing.schema';
import { actionsFor } from '../responses/actions';
import { matchRoutes } from '../routes/route.tree';
import { routingConfigOf } from '../dispatch/routing.config';
import { loadRoutingFiles, routingPathsIn } from './routing.loader';

const root = join(__dirname, '../../../..');
const dir = join(root, 'deploy/catalogue');
const reference = loadReference(dir);
const catalogue = parseCatalogue(
  readFileSync(join(dir, 'triggers.yaml'), 'utf8'),
  'triggers.yaml',
  reference,
);
const files = loadRoutingFiles(routingPathsIn(dir), reference, catalogue);
const config = routingConfigOf(files.routing, files.responses, reference, catalogue);

function eventOn(
  seriesKey: string,
  trigger: string,
  level: AlertLevel,
  type: AlertEvent['type'] = 'firing',
): AlertEvent {
  return {
    eventId: `e-${seriesKey}-${trigger}-${level}`,
    alertId: `a-${seriesKey}-${trigger}`,
    type,
    level,
    previousLevel: null,
    severity: 'Severe',
    urgency: 'Expected',
    shadow: false,
    trigger: { id: trigger, version: 1, title: trigger },
    seriesKey,
    evidence: {
      value: 1,
      period: { start: '2024-01-01', end: '2024-01-31' },
      threshold: 1,
      comparison: 'above',
      signalId: 's',
    },
  };
}

describe('deploy/catalogue/recipients.yaml and responses.yaml', () => {
  it("has one operations centre for each of reporters.yaml's 21 states, and no other", () => {
    const states = [...config.recipients.values()]
      .filter((r) => r.kind === 'state_operations_centre')
      .map((r) => r.state);
    expect(states).toHaveLength(21);
    expect([...states].sort()).toEqual(reference.reporters.map((r) => r.iso3).sort());
  });

  it('has IOM, UNHCR and the Technical Secretariat as partners', () => {
    const partners = [...config.recipients.values()].filter((r) => r.kind === 'partner').map((r) => r.id);
    expect(partners.sort()).toEqual(['iom', 'technical_secretariat', 'unhcr']);
  });

  it('writes to each state in its languages', () => {
    const langs = (state: string) =>
      [...config.recipients.values()].find((r) => r.state === state)?.languages;
    expect(langs('PAN')).toEqual(['es']);
    expect(langs('BRA')).toEqual(['pt']);
    expect(langs('HTI')).toEqual(['fr']);
    expect(langs('CAN')).toEqual(['en', 'fr']);
    for (const s of ['BLZ', 'BRB', 'JAM', 'USA']) expect(langs(s)?.[0]).toBe('en');
  });

  it('keeps example endpoints, webhooks on this machine only, and no secret values', () => {
    const text = readFileSync(join(dir, 'recipients.yaml'), 'utf8');
    for (const r of config.recipients.values()) {
      for (const c of r.channels) {
        if (c.type === 'webhook') expect(new URL(c.url).hostname).toBe('127.0.0.1');
        if (c.type === 'email') for (const to of c.to) expect(to).toMatch(/\.example\.org$/);
      }
    }
    expect(text).not.toMatch(/whsec_|BEGIN [A-Z ]*KEY/);
  });

  it('gives every trigger in force a protocol, and each level of it at least one action', () => {
    for (const t of catalogue.triggers.filter((t) => !t.shadow)) {
      const protocol = config.protocols.triggers.get(t.id);
      expect({ trigger: t.id, has: protocol !== undefined }).toEqual({ trigger: t.id, has: true });
      const top = t.levels.at(-1)!.name;
      expect(
        actionsFor(config.protocols, eventOn('PAN/irregular_crossings/PAN/-/darien', t.id, top)).length,
      ).toBeGreaterThan(0);
    }
  });

  it('tells the Darién surge at warning to Panama, IOM, UNHCR and the Secretariat, each once, with their actions', () => {
    const event = eventOn('PAN/irregular_crossings/PAN/-/darien', 'darien-crossings-surge', 'warning');
    const routes = matchRoutes(config.root, alertContextOf(event, config.lookups), config.lookups.levelsOf);
    const receivers = routes.flatMap((r) => r.receivers);
    expect(receivers.sort()).toEqual(['iom', 'ops_pan', 'technical_secretariat', 'unhcr']);
    expect(actionsFor(config.protocols, event, 'ops_pan').map((a) => a.action.id)).toEqual([
      'pan-snm-reception-readiness',
      'pan-snm-lajas-blancas-capacity',
    ]);
  });

  it('tells no recipient of any alert the default catalogue can raise through two routes', () => {
    const seriesOf = (t: (typeof catalogue.triggers)[number]): string[] => {
      const c = t.condition;
      if (c.type === 'corridor_composite') return [`corridor/${c.corridor}`];
      if (c.type === 'no_data') return reference.reporters.map((r) => `silence/${r.iso3}`);
      const places = reference.places.filter(
        (p) =>
          (t.scope.places?.includes(p.id) ?? true) &&
          (t.scope.reporters?.includes(p.country) ?? true) &&
          (c.type !== 'ratio' || p.type === 'shelter'),
      );
      const states = reference.reporters
        .map((r) => r.iso3)
        .filter((s) => t.scope.reporters?.includes(s) ?? true);
      return [
        ...places.map((p) => `${p.country}/${t.scope.indicators[0]}/${p.country}/-/${p.id}`),
        ...(t.scope.places || c.type === 'ratio'
          ? []
          : states.map((s) => `${s}/${t.scope.indicators[0]}/${s}/-/-`)),
      ];
    };
    let checked = 0;
    for (const t of catalogue.triggers) {
      for (const key of seriesOf(t)) {
        for (const l of t.levels) {
          for (const type of ['firing', 'pending'] as const) {
            const context = alertContextOf(eventOn(key, t.id, l.name, type), config.lookups);
            const receivers = matchRoutes(config.root, context, config.lookups.levelsOf).flatMap(
              (r) => r.receivers,
            );
            expect({ key, trigger: t.id, level: l.name, receivers }).toEqual({
              key,
              trigger: t.id,
              level: l.name,
              receivers: [...new Set(receivers)],
            });
            if (type === 'firing') expect(receivers.length).toBeGreaterThan(0);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});

describe('loadRoutingFiles on bad files', () => {
  const copy = (edit: (recipients: string, responses: string) => [string, string]) => {
    const tmp = mkdtempSync(join(tmpdir(), 'atalaya-routing-'));
    const [recipients, responses] = edit(
      readFileSync(join(dir, 'recipients.yaml'), 'utf8'),
      readFileSync(join(dir, 'responses.yaml'), 'utf8'),
    );
    writeFileSync(join(tmp, 'recipients.yaml'), recipients);
    writeFileSync(join(tmp, 'responses.yaml'), responses);
    return tmp;
  };
  const problemsOf = (tmp: string): string[] => {
    try {
      loadRoutingFiles(routingPathsIn(tmp), reference, catalogue);
    } catch (e) {
      if (e instanceof RoutingCatalogueError) return [...e.problems];
      throw e;
    }
    return [];
  };
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('points at the line of a protocol naming an unknown organisation', () => {
    const tmp = copy((rec, res) => [rec, res.replace('organisation: iom\n', 'organisation: oim\n')]);
    const text = readFileSync(join(tmp, 'responses.yaml'), 'utf8');
    expect(problemsOf(tmp)).toEqual([
      `${join(tmp, 'responses.yaml')}:${lineOf(text, 'organisation: oim')}:23: responses.darien-crossings-surge.warning.1.organisation: unknown organisation "oim": add it to recipients.yaml or correct the id`,
    ]);
  });

  it('points at the line of a route naming an unknown recipient', () => {
    const tmp = copy((rec, res) => [rec.replace('receivers: [ops_pan]', 'receivers: [ops_pna]'), res]);
    const text = readFileSync(join(tmp, 'recipients.yaml'), 'utf8');
    const [problem] = problemsOf(tmp);
    expect(problem).toContain(`recipients.yaml:${lineOf(text, 'ops_pna')}:`);
    expect(problem).toContain('unknown recipient "ops_pna"');
  });

  it('says which file it could not read', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'atalaya-routing-'));
    expect(() => loadRoutingFiles(routingPathsIn(tmp), reference, catalogue)).toThrow(
      /recipients\.yaml: cannot be read/,
    );
  });
});
