import { DateTime, Duration } from 'luxon';
import { Matcher } from '../matching/matcher.schema';
import { RouteSpec } from '../routes/route.schema';
import { ROOT_ROUTE_ID } from '../routes/route.tree';
import { ResponsesFile } from '../responses/response.schema';
import { Problem, RoutingFile, RoutingReference } from './routing.schema';

type Path = (string | number)[];

/**
 * What the routing file names that nobody knows: a recipient, a state, a place, a corridor, an indicator, a
 * trigger or a level. Each would make a route that never matches or a notification that reaches no one,
 * so the file is refused at the line that names it.
 */
export function routingProblems(file: RoutingFile, reference: RoutingReference): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(file.recipients.map((r) => r.id));
  const receiver = (id: string, path: Path) => {
    if (!ids.has(id))
      problems.push({
        path,
        message: `unknown recipient "${id}": add it under recipients or correct the id`,
      });
  };
  problems.push(
    ...duplicates(
      file.recipients.map((r) => r.id),
      (i) => ['recipients', i, 'id'],
      'recipient id',
    ),
  );
  const reporters = new Set(reference.reporters.map((r) => r.iso3));
  const centres = new Map<string, number>();
  file.recipients.forEach((r, i) => {
    if (r.state !== undefined) {
      if (!reporters.has(r.state)) {
        problems.push({
          path: ['recipients', i, 'state'],
          message: `${r.state} is not an endorsing state of reporters.yaml`,
        });
      } else if (centres.has(r.state)) {
        problems.push({
          path: ['recipients', i, 'state'],
          message: `${r.state} already has an operations centre (recipients.${centres.get(r.state)})`,
        });
      } else centres.set(r.state, i);
    }
    let previous = 0;
    r.escalation.forEach((step, j) => {
      const at: Path = ['recipients', i, 'escalation', j];
      if ('recipient' in step) {
        receiver(step.recipient, [...at, 'recipient']);
        if (step.recipient === r.id)
          problems.push({
            path: [...at, 'recipient'],
            message: 'a recipient cannot escalate to itself: name a contact, or another recipient',
          });
      } else if (!(step.contact in r.contacts)) {
        const known = Object.keys(r.contacts);
        problems.push({
          path: [...at, 'contact'],
          message: `unknown contact "${step.contact}": ${known.length > 0 ? `${r.id} has ${known.join(', ')}` : `${r.id} has no contacts`}`,
        });
      }
      const after = afterMillis(step.after);
      if (after < previous)
        problems.push({
          path: [...at, 'after'],
          message: 'steps are ordered: each comes no sooner after the notification than the one before',
        });
      previous = Math.max(previous, after);
    });
  });
  const seen = new Map<string, string>([[ROOT_ROUTE_ID, 'route']]);
  const walk = (
    route: Omit<RouteSpec, 'id' | 'continue'> & { id?: string; routes: readonly RouteSpec[] },
    at: Path,
  ) => {
    if (route.id !== undefined) {
      const first = seen.get(route.id);
      if (first !== undefined)
        problems.push({
          path: [...at, 'id'],
          message: `route id "${route.id}" is taken (${first}): route ids name group state, so they are unique`,
        });
      else seen.set(route.id, at.join('.'));
    }
    route.receivers?.forEach((id, k) => receiver(id, [...at, 'receivers', k]));
    if (route.match) problems.push(...matcherProblems(route.match, [...at, 'match'], reference));
    route.routes.forEach((child, k) => walk(child, [...at, 'routes', k]));
  };
  walk(file.route, ['route']);
  file.inhibitRules.forEach((rule, i) => {
    const at: Path = ['inhibitRules', i];
    rule.recipients?.forEach((id, k) => receiver(id, [...at, 'recipients', k]));
    problems.push(...matcherProblems(rule.source, [...at, 'source'], reference));
    problems.push(...matcherProblems(rule.target, [...at, 'target'], reference));
  });
  return problems;
}

/** What a matcher names that the reference data or the trigger catalogue does not know. */
export function matcherProblems(matcher: Matcher, at: Path, reference: RoutingReference): Problem[] {
  const problems: Problem[] = [];
  const check = (key: keyof Matcher, known: (v: string) => boolean, what: (v: string) => string) => {
    const values = matcher[key];
    const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
    list.forEach((v, k) => {
      if (!known(String(v)))
        problems.push({
          path: Array.isArray(values) ? [...at, key, k] : [...at, key],
          message: what(String(v)),
        });
    });
  };
  const reporters = new Set(reference.reporters.map((r) => r.iso3));
  const triggers = new Map(reference.triggers.map((t) => [t.id, t.levels.map((l) => l.name)]));
  check(
    'state',
    (v) => reporters.has(v),
    (v) => `${v} is not an endorsing state of reporters.yaml`,
  );
  check(
    'corridor',
    (v) => reference.corridors.some((c) => c.id === v),
    (v) => `unknown corridor "${v}" (corridors.yaml)`,
  );
  check(
    'place',
    (v) => reference.place(v) !== undefined,
    (v) => `unknown place "${v}" (places.yaml)`,
  );
  check(
    'indicator',
    (v) => reference.indicator(v) !== undefined,
    (v) => `unknown indicator "${v}" (indicators.yaml)`,
  );
  check(
    'trigger',
    (v) => triggers.has(v),
    (v) => `unknown trigger "${v}": the catalogue has ${[...triggers.keys()].join(', ')}`,
  );
  const scoped = (matcher.trigger ?? [...triggers.keys()]).filter((t) => triggers.has(t));
  const levelKnown = (level: string) =>
    matcher.trigger
      ? scoped.every((t) => triggers.get(t)!.includes(level))
      : scoped.some((t) => triggers.get(t)!.includes(level));
  const levelMessage = (level: string) =>
    matcher.trigger
      ? `level "${level}" is not a level of ${scoped.filter((t) => !triggers.get(t)!.includes(level)).join(', ')}`
      : `level "${level}" is a level of no trigger in the catalogue`;
  check('level', levelKnown, levelMessage);
  check('minLevel', levelKnown, levelMessage);
  return problems;
}

/**
 * What the response protocols name that nobody knows: a trigger, a level of it, an organisation; and an
 * action id used twice, which would make status reports ambiguous.
 */
export function responseProblems(
  file: ResponsesFile,
  reference: RoutingReference,
  recipientIds: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  const triggers = new Map(reference.triggers.map((t) => [t.id, t.levels.map((l) => l.name)]));
  const ids: string[] = [];
  const paths: Path[] = [];
  for (const [trigger, byLevel] of Object.entries(file.responses)) {
    const levels = triggers.get(trigger);
    if (!levels) {
      problems.push({
        key: true,
        path: ['responses', trigger],
        message: `unknown trigger "${trigger}": the catalogue has ${[...triggers.keys()].join(', ')}`,
      });
      continue;
    }
    for (const [level, actions] of Object.entries(byLevel)) {
      if (!levels.includes(level)) {
        problems.push({
          key: true,
          path: ['responses', trigger, level],
          message: `"${level}" is not a level of ${trigger} (${levels.join(', ')})`,
        });
        continue;
      }
      actions.forEach((a, i) => {
        const at: Path = ['responses', trigger, level, i];
        if (!recipientIds.has(a.organisation)) {
          problems.push({
            path: [...at, 'organisation'],
            message: `unknown organisation "${a.organisation}": add it to recipients.yaml or correct the id`,
          });
        }
        ids.push(a.id);
        paths.push([...at, 'id']);
      });
    }
  }
  problems.push(...duplicates(ids, (i) => paths[i], 'action id'));
  return problems;
}

function duplicates(values: readonly string[], pathOf: (i: number) => Path, what: string): Problem[] {
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  values.forEach((v, i) => {
    const seen = first.get(v);
    if (seen === undefined) first.set(v, i);
    else
      problems.push({
        path: pathOf(i),
        message: `${what} "${v}" is used twice (first at ${pathOf(seen).join('.')})`,
      });
  });
  return problems;
}

// Durations with months or years are compared as from one fixed instant; only their order matters here.
const origin = DateTime.fromISO('2000-01-01T00:00:00Z', { zone: 'utc' });
const afterMillis = (iso: string): number =>
  origin.plus(Duration.fromISO(iso)).toMillis() - origin.toMillis();
