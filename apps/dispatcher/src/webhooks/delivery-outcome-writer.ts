import { Logger } from '@nestjs/common';
import { type AuditInput, type AuditLog, MAX_RECORDS_PER_ENTRY, RecordAction } from '@app/audit';
import { deterministicUuid } from '@app/core';
import { type DataSource, type EntityManager } from '@app/persistence';
import { type DeliveryOutcome } from './webhook-options';

const FLUSH_SIZE = 500;
const FLUSH_DELAY_MS = 10;
const RETRY_DELAYS_MS = [200, 500, 1_000, 2_000, 5_000];

export interface EndpointDisabled {
  subscriptionId: string;
  agencyId: string;
  reason: string;
}

/**
 * Writes attempt outcomes in batches: one transaction updates the delivery rows, appends the attempts,
 * keeps each endpoint's health (and disables the ones failing for too long) and audits final outcomes.
 * A failed write (PostgreSQL briefly away) is retried with the same outcomes; until it succeeds the rows
 * stay leased, so nothing is sent twice by this instance meanwhile.
 */
export class DeliveryOutcomeWriter {
  private readonly logger = new Logger(DeliveryOutcomeWriter.name);
  private buffer: DeliveryOutcome[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly disableAfterMs: number,
    private readonly onWritten: (outcomes: DeliveryOutcome[], disabled: EndpointDisabled[]) => void,
  ) {}

  add(outcome: DeliveryOutcome): void {
    this.buffer.push(outcome);
    if (this.buffer.length >= FLUSH_SIZE) this.schedule(0);
    else this.schedule(FLUSH_DELAY_MS);
  }

  get backlog(): number {
    return this.buffer.length;
  }

  /** Outcomes whose write failed are waiting for a retry (PostgreSQL away): their rows still look pending. */
  get stalled(): boolean {
    return this.failures > 0 && (this.buffer.length > 0 || this.flushing !== undefined);
  }

  /**
   * Writes the waiting outcomes now instead of at the next retry; throws if that fails. The workers call it
   * before claiming again after an outage, so that a record whose answer is known but not yet written is
   * not claimed (its lease may have run out) and sent a second time.
   */
  async retryNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) await this.flushing;
    else await this.flush();
    if (this.stalled) throw new Error('delivery outcomes are still waiting to be written');
  }

  /** Writes everything buffered (for shutdown); gives up after the retries if the database stays away. */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (let round = 0; round < RETRY_DELAYS_MS.length + 1; round++) {
      await this.flushing;
      if (this.buffer.length === 0) return;
      await this.flush().catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, delayMs);
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.write(batch)
      .then((disabled) => {
        this.failures = 0;
        this.onWritten(batch, disabled);
      })
      .catch((error: unknown) => {
        this.buffer = [...batch, ...this.buffer];
        const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)] ?? 5_000;
        this.failures++;
        this.logger.warn({
          msg: 'could not write delivery outcomes; retrying',
          outcomes: batch.length,
          retryInMs: delay,
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.buffer.length > 0)
          this.schedule(this.failures > 0 ? (RETRY_DELAYS_MS[this.failures - 1] ?? 5_000) : 0);
      });
    return this.flushing;
  }

  private write(batch: DeliveryOutcome[]): Promise<EndpointDisabled[]> {
    return this.dataSource.transaction(async (tx) => {
      const written = await this.writeRows(tx, batch);
      const kept = batch.filter((outcome) => written.has(outcome.delivery.id));
      const disabled = await this.updateEndpoints(tx, kept);
      await this.audit.recordMany([...auditEntries(kept), ...disabled.map(disabledEntry)], tx);
      return disabled;
    });
  }

  /** Updates the rows still pending (a replay or a 410 may have changed them meanwhile) and logs the attempts. */
  private async writeRows(tx: EntityManager, batch: DeliveryOutcome[]): Promise<Set<string>> {
    const rows: { id: string }[] = await tx.query(
      `WITH v AS (
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[],
                              $6::int[], $7::int[], $8::text[], $9::text[], $10::int[])
           AS v(id, status, attempts, next_attempt_at, attempted_at, status_code, latency_ms, error, outcome, attempt)
       ), updated AS (
         UPDATE deliveries d
            SET status = v.status,
                attempts = v.attempts,
                next_attempt_at = COALESCE(v.next_attempt_at, d.next_attempt_at),
                last_attempt_at = v.attempted_at,
                last_status_code = v.status_code,
                last_latency_ms = v.latency_ms,
                last_error = v.error,
                delivered_at = CASE WHEN v.status = 'delivered' THEN v.attempted_at ELSE d.delivered_at END
           FROM v
          WHERE d.id = v.id AND d.status = 'pending'
         RETURNING d.id
       ), attempts AS (
         INSERT INTO delivery_attempts (delivery_id, attempt, outcome, status_code, latency_ms, error, next_attempt_at, attempted_at)
         SELECT v.id, v.attempt, v.outcome, v.status_code, v.latency_ms, v.error,
                CASE WHEN v.status = 'pending' THEN v.next_attempt_at END, v.attempted_at
           FROM v JOIN updated u ON u.id = v.id
       )
       SELECT id::text AS id FROM updated`,
      [
        batch.map((o) => o.delivery.id),
        batch.map((o) => o.status),
        batch.map((o) => o.attempts),
        batch.map((o) => o.nextAttemptAt),
        batch.map((o) => o.attemptedAt),
        batch.map((o) => o.statusCode),
        batch.map((o) => o.latencyMs),
        batch.map((o) => o.error),
        batch.map((o) => o.outcome),
        batch.map((o) => (o.outcome === 'waiting' ? o.attempts + 1 : o.attempts)),
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** A success clears an endpoint's failing streak; failures start or extend it; too long a streak disables it. */
  private async updateEndpoints(tx: EntityManager, outcomes: DeliveryOutcome[]): Promise<EndpointDisabled[]> {
    const succeeded = new Set<string>();
    const failed = new Map<string, { since: Date; last: Date; error: string; agencyId: string }>();
    for (const outcome of outcomes) {
      const id = outcome.delivery.subscriptionId;
      if (outcome.outcome === 'delivered') succeeded.add(id);
      else if (outcome.outcome === 'failed' || outcome.outcome === 'refused' || outcome.outcome === 'dead') {
        const seen = failed.get(id);
        failed.set(id, {
          since: seen && seen.since < outcome.attemptedAt ? seen.since : outcome.attemptedAt,
          last: outcome.attemptedAt,
          error: outcome.error ?? 'failed',
          agencyId: outcome.delivery.agencyId,
        });
      }
    }
    for (const id of succeeded) failed.delete(id);
    if (succeeded.size > 0) {
      await tx.query(
        `INSERT INTO webhook_endpoints (subscription_id, failing_since, last_success_at, updated_at)
         SELECT id, NULL, now(), now() FROM unnest($1::uuid[]) AS id
         ON CONFLICT (subscription_id) DO UPDATE
           SET failing_since = NULL, last_success_at = now(), updated_at = now()`,
        [[...succeeded]],
      );
    }
    if (failed.size === 0) return [];
    const entries = [...failed];
    await tx.query(
      `INSERT INTO webhook_endpoints (subscription_id, failing_since, last_failure_at, last_error, updated_at)
       SELECT * , now() FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[])
       ON CONFLICT (subscription_id) DO UPDATE
         SET failing_since = COALESCE(webhook_endpoints.failing_since, EXCLUDED.failing_since),
             last_failure_at = EXCLUDED.last_failure_at,
             last_error = EXCLUDED.last_error,
             updated_at = now()`,
      [
        entries.map(([id]) => id),
        entries.map(([, failure]) => failure.since),
        entries.map(([, failure]) => failure.last),
        entries.map(([, failure]) => failure.error),
      ],
    );
    const disabled: { subscription_id: string; failing_since: Date; last_error: string | null }[] =
      await tx.query(
        `WITH disabled AS (
       UPDATE webhook_endpoints
          SET disabled_at = now(),
              disabled_reason = 'failing without a success since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                || '; last error: ' || COALESCE(last_error, 'unknown'),
              updated_at = now()
        WHERE subscription_id = ANY($1::uuid[]) AND disabled_at IS NULL
          AND failing_since <= now() - ($2::bigint * interval '1 millisecond')
       RETURNING subscription_id, failing_since, last_error
       )
       SELECT * FROM disabled`,
        [entries.map(([id]) => id), this.disableAfterMs],
      );
    return disabled.map((row) => ({
      subscriptionId: row.subscription_id,
      agencyId: failed.get(row.subscription_id)?.agencyId ?? '',
      reason: `failing without a success since ${row.failing_since.toISOString()}; last error: ${row.last_error ?? 'unknown'}`,
    }));
  }
}

const DISPATCHER = { type: 'system' as const, id: 'dispatcher' };

/**
 * Final outcomes in the audit log. Deliveries, the common case, are logged per subscription and write:
 * one `records.webhook_delivered` entry naming its records (`details.recordIds`, with `attempts` and
 * `statusCodes` aligned), as the router logs its deliveries. A dead letter stays an entry of its own
 * (`record.webhook_dead_lettered`, with the error). Ids are deterministic: a rewritten batch does not log
 * twice, and a replay (replays + 1) logs its own outcome.
 */
function auditEntries(outcomes: DeliveryOutcome[]): AuditInput[] {
  const entries: AuditInput[] = [];
  const delivered = new Map<string, DeliveryOutcome[]>();
  for (const outcome of outcomes) {
    const { delivery } = outcome;
    if (outcome.status === 'delivered') {
      const group = `${delivery.subscriptionId}|${delivery.replays}`;
      delivered.set(group, [...(delivered.get(group) ?? []), outcome]);
    } else if (outcome.status === 'dead') {
      const action = 'record.webhook_dead_lettered';
      entries.push({
        id: deterministicUuid(
          `${action}:${delivery.recordId}:${delivery.subscriptionId}:${delivery.replays}`,
        ),
        actor: DISPATCHER,
        action,
        agencyId: delivery.agencyId,
        topic: delivery.topic,
        recordId: delivery.recordId,
        targetType: 'subscription',
        targetId: delivery.subscriptionId,
        details: {
          subscriptionId: delivery.subscriptionId,
          attempts: outcome.attempts,
          status: outcome.status,
          statusCode: outcome.statusCode,
          error: outcome.error,
          ...(delivery.replays > 0 ? { replay: delivery.replays } : {}),
        },
        occurredAt: outcome.attemptedAt,
      });
    }
  }
  for (const group of delivered.values()) {
    for (let start = 0; start < group.length; start += MAX_RECORDS_PER_ENTRY) {
      const run = group.slice(start, start + MAX_RECORDS_PER_ENTRY);
      const first = run[0]?.delivery;
      if (!first) continue;
      const recordIds = run.map((outcome) => outcome.delivery.recordId);
      const action = RecordAction.batchWebhookDelivered;
      entries.push({
        id: deterministicUuid(
          `${action}:${first.subscriptionId}:${first.replays}:${[...recordIds].sort().join(',')}`,
        ),
        actor: DISPATCHER,
        action,
        agencyId: first.agencyId,
        topic: first.topic,
        targetType: 'subscription',
        targetId: first.subscriptionId,
        details: {
          subscriptionId: first.subscriptionId,
          recordIds,
          attempts: run.map((outcome) => outcome.attempts),
          statusCodes: run.map((outcome) => outcome.statusCode),
          ...(first.replays > 0 ? { replay: first.replays } : {}),
        },
        occurredAt: run[run.length - 1]?.attemptedAt ?? new Date(),
      });
    }
  }
  return entries;
}

function disabledEntry(disabled: EndpointDisabled): AuditInput {
  return {
    actor: DISPATCHER,
    action: 'webhook_endpoint.disabled',
    targetType: 'subscription',
    targetId: disabled.subscriptionId,
    agencyId: disabled.agencyId,
    details: { subscriptionId: disabled.subscriptionId, reason: disabled.reason },
  };
}
