import { Injectable } from '@nestjs/common';
import {
  stances,
  triggerSchema,
  triggerStatuses,
  type Endorsement,
  type Stance,
  type Trigger,
  type TriggerStatus,
  type TriggerVersion,
} from '@atalaya/triggers';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { lockNames } from './sql/advisory-lock';
import { selectRows } from './sql/row-decoding';

/** A state's stance on a proposed version, as the API or the CLI records it. */
export interface StanceRequest {
  readonly triggerId: string;
  readonly version: number;
  readonly state: string;
  readonly stance: Stance;
  readonly note: string | null;
  /** The operations centre's recipient id, or the operator's name. */
  readonly by: string;
}

export type StanceOutcome =
  /** Recorded; `adopted` when this stance completed the endorsement rule. */
  | { readonly kind: 'recorded'; readonly version: TriggerVersion; readonly adopted: boolean }
  | { readonly kind: 'unknown' }
  /** The version is no longer proposed: stances are taken on proposals only. */
  | { readonly kind: 'closed'; readonly status: TriggerStatus };

/** One audited step of the negotiation, as `atalaya triggers history` lists it. */
export interface GovernanceRecord {
  readonly at: string;
  readonly actor: string;
  readonly action: 'version-submitted' | 'version-endorsed' | 'version-objected' | 'version-adopted';
  readonly triggerId: string;
  readonly version: number;
  readonly detail: Readonly<Record<string, unknown>>;
}

const versionRow = z.object({
  document: z.unknown(),
  status: z.enum(triggerStatuses),
  submitted_by: z.string(),
  submitted_at: z.date(),
  adopted_at: z.date().nullable(),
  endorsements: z.array(
    z.object({
      state: z.string(),
      stance: z.enum(stances),
      note: z.string().nullable(),
      by: z.string(),
      at: z.string(),
    }),
  ),
});

const versionOf = (r: z.output<typeof versionRow>): TriggerVersion => ({
  trigger: triggerSchema.parse(r.document),
  status: r.status,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at.toISOString(),
  adoptedAt: r.adopted_at?.toISOString() ?? null,
  endorsements: r.endorsements.map((e): Endorsement => ({ ...e, at: new Date(e.at).toISOString() })),
});

const SELECT_VERSIONS = `
  SELECT v.document, v.status, v.submitted_by, v.submitted_at, v.adopted_at,
    coalesce((SELECT jsonb_agg(jsonb_build_object('state', e.state, 'stance', e.stance, 'note', e.note,
                'by', e.recorded_by, 'at', e.recorded_at) ORDER BY e.recorded_at, e.state)
              FROM trigger_endorsements e WHERE e.trigger_id = v.trigger_id AND e.version = v.version),
      '[]'::jsonb) AS endorsements
  FROM trigger_versions v`;

/**
 * The versions of the triggers the states negotiate beside the catalogue file: proposals submitted, each
 * state's stance on them, and their adoption once their endorsement rule is met, every step audited.
 */
@Injectable()
export class TriggerGovernanceRepository {
  /** Every stored version, of one trigger when named, in trigger and version order. */
  async versions(em: EntityManager, triggerId?: string): Promise<TriggerVersion[]> {
    const rows = await selectRows(
      em,
      'trigger_versions',
      versionRow,
      `${SELECT_VERSIONS} WHERE $1::text IS NULL OR v.trigger_id = $1 ORDER BY v.trigger_id, v.version`,
      [triggerId ?? null],
    );
    return rows.map(versionOf);
  }

  async version(em: EntityManager, triggerId: string, version: number): Promise<TriggerVersion | undefined> {
    const [row] = await selectRows(
      em,
      'trigger_versions',
      versionRow,
      `${SELECT_VERSIONS} WHERE v.trigger_id = $1 AND v.version = $2`,
      [triggerId, version],
    );
    return row && versionOf(row);
  }

  /** Serialises the changes to one trigger's versions until the transaction ends. */
  async lock(em: EntityManager, triggerId: string): Promise<void> {
    await lockNames(em, [`trigger-governance:${triggerId}`]);
  }

  /** Records a checked proposal; false when that version is already stored. */
  async submit(em: EntityManager, proposal: Trigger, actor: string): Promise<boolean> {
    await this.lock(em, proposal.id);
    const inserted = await selectRows(
      em,
      'trigger_versions',
      z.object({ version: z.number() }),
      `INSERT INTO trigger_versions (trigger_id, version, document, status, effective_from, submitted_by, submitted_at)
       VALUES ($1, $2, $3, 'proposed', $4, $5, now()) ON CONFLICT DO NOTHING RETURNING version`,
      [proposal.id, proposal.version, JSON.stringify(proposal), proposal.effective?.from, actor],
    );
    if (inserted.length === 0) return false;
    await this.audit(em, actor, 'version-submitted', proposal, {
      effectiveFrom: proposal.effective?.from,
      agreedBy: proposal.agreedBy,
      endorsement: proposal.endorsement,
    });
    return true;
  }

  /**
   * Records a state's stance on a proposed version, replacing the one it had, and adopts the version when
   * `adopts` says the stances now meet its rule. Two stances on one trigger take turns.
   */
  async recordStance(
    em: EntityManager,
    request: StanceRequest,
    adopts: (version: TriggerVersion) => boolean,
  ): Promise<StanceOutcome> {
    await this.lock(em, request.triggerId);
    const before = await this.version(em, request.triggerId, request.version);
    if (!before) return { kind: 'unknown' };
    if (before.status !== 'proposed') return { kind: 'closed', status: before.status };
    await em.query(
      `INSERT INTO trigger_endorsements (trigger_id, version, state, stance, note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (trigger_id, version, state) DO UPDATE SET stance = EXCLUDED.stance, note = EXCLUDED.note,
         recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
      [request.triggerId, request.version, request.state, request.stance, request.note, request.by],
    );
    const previous = before.endorsements.find((e) => e.state === request.state);
    await this.audit(
      em,
      request.by,
      request.stance === 'endorse' ? 'version-endorsed' : 'version-objected',
      before.trigger,
      { state: request.state, note: request.note, before: previous?.stance ?? null },
    );
    const after = (await this.version(em, request.triggerId, request.version))!;
    if (!adopts(after)) return { kind: 'recorded', version: after, adopted: false };
    await em.query(
      `UPDATE trigger_versions SET status = 'adopted', adopted_at = now() WHERE trigger_id = $1 AND version = $2`,
      [request.triggerId, request.version],
    );
    await this.audit(em, request.by, 'version-adopted', before.trigger, {
      endorsedBy: after.endorsements.filter((e) => e.stance === 'endorse').map((e) => e.state),
      effectiveFrom: before.trigger.effective?.from,
    });
    return {
      kind: 'recorded',
      version: (await this.version(em, request.triggerId, request.version))!,
      adopted: true,
    };
  }

  /** The audited steps of one trigger's negotiation, oldest first. */
  async history(em: EntityManager, triggerId: string): Promise<GovernanceRecord[]> {
    return selectRows(
      em,
      'governance_audit',
      z
        .object({
          at: z.date(),
          actor: z.string(),
          action: z.enum(['version-submitted', 'version-endorsed', 'version-objected', 'version-adopted']),
          trigger_id: z.string(),
          version: z.number().int(),
          detail: z.record(z.string(), z.unknown()),
        })
        .transform((r): GovernanceRecord => ({
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          triggerId: r.trigger_id,
          version: r.version,
          detail: r.detail,
        })),
      `SELECT at, actor, action, trigger_id, version, detail FROM governance_audit WHERE trigger_id = $1 ORDER BY id`,
      [triggerId],
    );
  }

  private async audit(
    em: EntityManager,
    actor: string,
    action: GovernanceRecord['action'],
    trigger: Trigger,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await em.query(
      `INSERT INTO governance_audit (at, actor, action, trigger_id, version, detail) VALUES (now(), $1, $2, $3, $4, $5)`,
      [actor, action, trigger.id, trigger.version, JSON.stringify(detail)],
    );
  }
}
