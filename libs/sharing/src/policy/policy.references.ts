import { dimensions, SharingFile, SharingReference, viewerGroups, ViewerSelector } from './policy.schema';

type Path = (string | number)[];

export interface Problem {
  readonly path: Path;
  readonly message: string;
}

/**
 * What a policy file names that nobody knows (a reporter, a recipient, a group, an indicator, a breakdown),
 * what it says twice, and versions out of order: each would share figures other than the state decided, so
 * the file is refused at the line that says it.
 */
export function policyProblems(file: SharingFile, reference: SharingReference): Problem[] {
  const problems: Problem[] = [];
  const reporters = new Set(reference.reporters.map((r) => r.iso3));
  const indicators = new Set(reference.indicators.map((i) => i.name));
  const recipients = new Set(reference.recipients.map((r) => r.id));
  const known = (set: ReadonlySet<string>, v: string) => set.has(v);
  file.policies.forEach((policy, i) => {
    const at: Path = ['policies', i];
    if (!reporters.has(policy.reporter))
      problems.push({
        path: [...at, 'reporter'],
        message: `${policy.reporter} is not an endorsing state of reporters.yaml`,
      });
    policy.neighbours?.forEach((state, k) => {
      if (!reporters.has(state) || state === policy.reporter)
        problems.push({
          path: [...at, 'neighbours', k],
          message:
            state === policy.reporter
              ? 'a state is not its own neighbour: its own operations centre always sees its figures'
              : `${state} is not an endorsing state of reporters.yaml, so it has no operations centre`,
        });
    });
    policy.rules.forEach((rule, j) => {
      const ruleAt: Path = [...at, 'rules', j];
      if (rule.indicators !== 'all')
        rule.indicators.forEach((name, k) => {
          if (!known(indicators, name))
            problems.push({
              path: [...ruleAt, 'indicators', k],
              message: `unknown indicator "${name}" (indicators.yaml)`,
            });
        });
      rule.viewers.forEach((viewer, k) => {
        const viewerAt: Path = [...ruleAt, 'viewers', k];
        if ('recipient' in viewer && !recipients.has(viewer.recipient))
          problems.push({
            path: [...viewerAt, 'recipient'],
            message: `unknown recipient "${viewer.recipient}": name one of recipients.yaml, or a kind or a group`,
          });
        if ('group' in viewer && !(viewerGroups as readonly string[]).includes(viewer.group))
          problems.push({
            path: [...viewerAt, 'group'],
            message: `unknown group "${viewer.group}": the groups are ${viewerGroups.join(', ')}`,
          });
      });
      Object.keys(rule.disaggregations).forEach((name) => {
        if (!(dimensions as readonly string[]).includes(name))
          problems.push({
            path: [...ruleAt, 'disaggregations', name],
            message: `unknown disaggregation "${name}": signals are broken down by ${dimensions.join(', ')}`,
          });
      });
      if (rule.granularity !== 'none' && rule.purposes.length === 0)
        problems.push({
          path: [...ruleAt, 'purposes'],
          message: 'a rule that shares figures grants at least one purpose; granularity none shares nothing',
        });
    });
    problems.push(...ambiguousRules(file, i));
  });
  problems.push(...versionProblems(file));
  return problems;
}

/** Selectors that name the same viewers: the `partners` group is every recipient of kind `partner`. */
export function selectorKey(viewer: ViewerSelector): string {
  if ('recipient' in viewer) return `recipient:${viewer.recipient}`;
  if ('kind' in viewer) return `kind:${viewer.kind}`;
  return viewer.group === 'partners' ? 'kind:partner' : `group:${viewer.group}`;
}

/** Two rules of one policy that set what the same viewers see of the same indicator, equally specifically. */
function ambiguousRules(file: SharingFile, i: number): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  file.policies[i].rules.forEach((rule, j) => {
    const names = rule.indicators === 'all' ? ['*'] : rule.indicators;
    for (const viewer of rule.viewers) {
      for (const name of names) {
        const key = `${selectorKey(viewer)}|${name}`;
        const first = seen.get(key);
        if (first !== undefined && first !== j)
          problems.push({
            path: ['policies', i, 'rules', j, 'viewers'],
            message:
              `rules ${first} and ${j} both set what ${selectorKey(viewer)} sees of ` +
              `${name === '*' ? 'all indicators' : name}: keep one, or name the indicator in one of them`,
          });
        else seen.set(key, j);
      }
    }
  });
  return problems;
}

/** One policy per version, and each version in force after the one before it. */
function versionProblems(file: SharingFile): Problem[] {
  const problems: Problem[] = [];
  const byReporter = new Map<string, number[]>();
  file.policies.forEach((p, i) => byReporter.set(p.reporter, [...(byReporter.get(p.reporter) ?? []), i]));
  for (const indices of byReporter.values()) {
    const sorted = [...indices].sort((a, b) => file.policies[a].version - file.policies[b].version);
    sorted.forEach((index, k) => {
      if (k === 0) return;
      const [before, policy] = [file.policies[sorted[k - 1]], file.policies[index]];
      if (policy.version === before.version)
        problems.push({
          path: ['policies', index, 'version'],
          message: `${policy.reporter} has version ${policy.version} twice (policies.${sorted[k - 1]}): give the new policy the next version`,
        });
      else if (policy.effective.from <= before.effective.from)
        problems.push({
          path: ['policies', index, 'effective', 'from'],
          message:
            `version ${policy.version} of ${policy.reporter} takes effect on ${policy.effective.from}, not after ` +
            `version ${before.version} (${before.effective.from}) that it replaces: a version cannot be dated ` +
            'before the one in force; date it later',
        });
    });
  }
  return problems;
}
