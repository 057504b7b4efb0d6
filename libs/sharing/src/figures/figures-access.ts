import { AccessRecord } from '@atalaya/contracts';
import { auditedViewer } from '../entitlement/viewer';
import { Showing } from '../evidence/alert-as-shown';
import { SharedFigures } from './figure.types';

/**
 * The reads of restricted figures that serving some shared figures makes: one per reporting state and
 * indicator whose figures were shown under its policy, with the granularity and the breakdowns shown. A
 * state's own centre reading its own figures, and a request that showed nothing, record nothing.
 */
export function accessOfFigures(shared: SharedFigures, showing: Showing): AccessRecord[] {
  const reads = new Map<string, AccessRecord>();
  for (const figure of shared.figures) {
    if (figure.policy.basis !== 'policy') continue;
    const key = `${figure.reporter}|${figure.indicator}`;
    const shown = figure.breakdowns.flatMap((b) => b.dimensions);
    const earlier = reads.get(key);
    reads.set(key, {
      at: showing.at,
      viewer: auditedViewer(showing.viewer),
      reporter: figure.reporter,
      channel: showing.channel,
      resource: showing.resource,
      indicator: figure.indicator,
      purpose: showing.purpose,
      granularity: figure.granularity,
      disaggregations: [...new Set([...(earlier?.disaggregations ?? []), ...shown])].sort(),
      policyVersion: figure.policy.version,
    });
  }
  return [...reads.values()];
}
