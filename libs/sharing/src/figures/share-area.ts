import { entitlementOf } from '../entitlement/entitlement';
import { SharingRequest } from '../entitlement/viewer';
import { granularities, SharingPolicies } from '../policy/policy.schema';
import { Figure, Omission, PlaceLookup, SharedFigures } from './figure.types';
import { shareFigures } from './share-figures';

/**
 * What a request for figures asked for: one indicator, of one reporter or all, drawn around one place, one
 * admin-1 area, or neither (whole states).
 */
export interface FiguresScope {
  readonly indicator: string;
  readonly reporter?: string;
  readonly area?: 'place' | 'admin1';
}

/**
 * `shareFigures` for a request's scope. A reporter whose figures the viewer may see only more coarsely than
 * the area asked for is left out whole (`finer-than-allowed`): the sum of one place's figures shown as a
 * national total would be the place's own figure. A reporter asked for by name that the policies refuse
 * is refused even when it has no figures in the scope, so that a refusal does not depend on the data.
 */
export function shareFiguresOfArea(
  policies: SharingPolicies,
  request: SharingRequest,
  figures: readonly Figure[],
  places: PlaceLookup,
  scope: FiguresScope,
): SharedFigures {
  const { area } = scope;
  const named =
    scope.reporter === undefined ? [] : namedRefusal(policies, request, scope.reporter, scope.indicator);
  if (named.length > 0) return { figures: [], omissions: named, entitlements: [] };
  if (area === undefined) return shareFigures(policies, request, figures, places);
  const tooFine: Omission[] = [];
  const open = figures.filter((f) => {
    const outcome = entitlementOf(
      policies,
      request.viewer,
      f.reporter,
      f.indicator,
      request.purpose,
      request.at,
    );
    if (!outcome.granted || granularities.indexOf(area) >= granularities.indexOf(outcome.granularity))
      return true;
    const earlier = tooFine.find((o) => o.reporter === f.reporter && o.indicator === f.indicator);
    if (earlier) {
      tooFine[tooFine.indexOf(earlier)] = { ...earlier, figures: (earlier.figures ?? 0) + 1 };
      return false;
    }
    tooFine.push({
      reason: 'finer-than-allowed',
      reporter: f.reporter,
      indicator: f.indicator,
      figures: 1,
      policy: outcome.policy,
      message:
        `${f.reporter} shares ${f.indicator} with you at ${outcome.granularity} level, not for one ${area}: ` +
        `ask without ${area === 'place' ? 'place' : 'admin1'}`,
    });
    return false;
  });
  const shared = shareFigures(policies, request, open, places);
  return {
    figures: shared.figures,
    omissions: [...tooFine, ...shared.omissions],
    entitlements: shared.entitlements,
  };
}

function namedRefusal(
  policies: SharingPolicies,
  request: SharingRequest,
  reporter: string,
  indicator: string,
): Omission[] {
  const outcome = entitlementOf(policies, request.viewer, reporter, indicator, request.purpose, request.at);
  if (outcome.granted) return [];
  return [
    {
      reason: outcome.reason,
      message: outcome.message,
      reporter,
      indicator,
      ...(outcome.policy && { policy: outcome.policy }),
    },
  ];
}

/** Why a request for figures is refused whole (403), or undefined when it is answered. */
export interface RequestRefusal {
  readonly reason: 'purpose-not-granted' | 'not-shared';
  readonly message: string;
}

/**
 * A request that shows nothing because the policies refused it is refused whole, with every state's reason:
 * `purpose-not-granted` when some state names the viewer but not for this purpose, else `not-shared`. A
 * request that shows something, or that found no figures at all, is answered, its omissions listed.
 */
export function refusalOf(shared: SharedFigures): RequestRefusal | undefined {
  if (shared.figures.length > 0) return undefined;
  const refusals = shared.omissions.filter((o) =>
    ['no-policy', 'no-rule', 'purpose-not-granted', 'not-shared', 'finer-than-allowed'].includes(o.reason),
  );
  if (refusals.length === 0) return undefined;
  const purpose = refusals.some((o) => o.reason === 'purpose-not-granted');
  return {
    reason: purpose ? 'purpose-not-granted' : 'not-shared',
    message: refusals.map((o) => `${o.reporter} ${o.indicator}: ${o.message}`).join('; '),
  };
}
