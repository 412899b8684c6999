import { Injectable } from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { auditActor, type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { DataSource } from '@app/persistence';
import { type DeliveryStatusFilter } from './dto/list-deliveries.query';
import { subscriberSubscription } from './subscriber-subscription';

export interface DeliveryAttemptView {
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  at: string;
}

export interface DeliveryView {
  recordId: string;
  topic: string;
  key: string | null;
  recordTime: string;
  status: string;
  attempts: number;
  replays: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  attemptLog: DeliveryAttemptView[];
}

export interface WebhookEndpointView {
  failingSince: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  disabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface DeliveryList {
  subscriptionId: string;
  deliveryMode: string;
  /** Webhook subscriptions: the endpoint's health (disabled after failing continuously); null before any attempt. */
  endpoint: WebhookEndpointView | null;
  deliveries: DeliveryView[];
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatusFilter;
  from?: string;
  to?: string;
  limit?: number;
  after?: string;
}

interface DeliveryRow {
  id: string;
  record_id: string;
  topic: string;
  record_key: string | null;
  record_time: Date;
  status: string;
  attempts: number;
  replays: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  invisible_until: Date | null;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * What happened to a subscription's records (for its subscriber and admins): every delivery with every
 * attempt, and the replay of dead-lettered records or of a time range (same record ids, so the same
 * `webhook-id`).
 */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(principal: Principal, subscriptionId: string, filter: DeliveryFilter): Promise<DeliveryList> {
    const subscription = await subscriberSubscription(this.dataSource, principal, subscriptionId, true);
    const limit = filter.limit ?? 50;
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT id::text AS id, record_id, topic, record_key, record_time, status, attempts, replays, next_attempt_at,
              last_attempt_at, last_status_code, last_latency_ms, last_error, delivered_at, invisible_until
         FROM deliveries
        WHERE subscription_id = $1
          AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR record_time >= $3)
          AND ($4::timestamptz IS NULL OR record_time < $4)
          AND ($5::bigint IS NULL OR id > $5)
        ORDER BY id
        LIMIT $6`,
      [
        subscriptionId,
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.after ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const attempts: {
      delivery_id: string;
      attempt: number;
      outcome: string;
      status_code: number | null;
      latency_ms: number | null;
      error: string | null;
      next_attempt_at: Date | null;
      attempted_at: Date;
    }[] =
      page.length === 0
        ? []
        : await this.dataSource.query(
            `SELECT delivery_id::text AS delivery_id, attempt, outcome, status_code, latency_ms, error, next_attempt_at,
                    attempted_at
               FROM delivery_attempts WHERE delivery_id = ANY($1::bigint[]) ORDER BY id`,
            [page.map((row) => row.id)],
          );
    const byDelivery = new Map<string, DeliveryAttemptView[]>();
    for (const attempt of attempts) {
      const list = byDelivery.get(attempt.delivery_id) ?? [];
      list.push({
        attempt: attempt.attempt,
        outcome: attempt.outcome,
        statusCode: attempt.status_code,
        latencyMs: attempt.latency_ms,
        error: attempt.error,
        nextAttemptAt: iso(attempt.next_attempt_at),
        at: attempt.attempted_at.toISOString(),
      });
      byDelivery.set(attempt.delivery_id, list);
    }
    const endpoints: {
      failing_since: Date | null;
      last_success_at: Date | null;
      last_failure_at: Date | null;
      last_error: string | null;
      disabled_at: Date | null;
      disabled_reason: string | null;
    }[] = await this.dataSource.query(
      `SELECT failing_since, last_success_at, last_failure_at, last_error, disabled_at, disabled_reason
         FROM webhook_endpoints WHERE subscription_id = $1`,
      [subscriptionId],
    );
    const endpoint = endpoints[0];
    return {
      subscriptionId,
      deliveryMode: subscription.deliveryMode,
      endpoint: endpoint
        ? {
            failingSince: iso(endpoint.failing_since),
            lastSuccessAt: iso(endpoint.last_success_at),
            lastFailureAt: iso(endpoint.last_failure_at),
            lastError: endpoint.last_error,
            disabled: endpoint.disabled_at !== null,
            disabledAt: iso(endpoint.disabled_at),
            disabledReason: endpoint.disabled_reason,
          }
        : null,
      deliveries: page.map((row) => ({
        recordId: row.record_id,
        topic: row.topic,
        key: row.record_key,
        recordTime: row.record_time.toISOString(),
        status: row.status,
        attempts: row.attempts,
        replays: row.replays,
        nextAttemptAt:
          row.status === 'pending' ? (row.invisible_until ?? row.next_attempt_at).toISOString() : null,
        lastAttemptAt: iso(row.last_attempt_at),
        lastStatusCode: row.last_status_code,
        lastLatencyMs: row.last_latency_ms,
        lastError: row.last_error,
        deliveredAt: iso(row.delivered_at),
        attemptLog: byDelivery.get(row.id) ?? [],
      })),
      next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /**
   * Queues records for delivery again: every dead-lettered one, or every one accepted in [from, to) that is
   * not pending. A replayed webhook carries its original `webhook-id`. A disabled endpoint is enabled again:
   * asking for a replay says the endpoint is back.
   */
  async replay(
    principal: Principal,
    subscriptionId: string,
    request: { deadLettered?: boolean; from?: string; to?: string },
  ): Promise<{ requeued: number }> {
    const subscription = await subscriberSubscription(this.dataSource, principal, subscriptionId, true);
    const byRange = request.from !== undefined || request.to !== undefined;
    if (request.deadLettered === true && byRange) {
      throw AppError.badRequest('give either {"deadLettered": true} or {"from", "to"}, not both');
    }
    if (!request.deadLettered && (request.from === undefined || request.to === undefined)) {
      throw AppError.badRequest('give {"deadLettered": true}, or both "from" and "to"');
    }
    if (byRange && new Date(request.from as string) >= new Date(request.to as string)) {
      throw AppError.badRequest('"from" must be before "to"');
    }
    return this.dataSource.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `WITH requeued AS (
         UPDATE deliveries
            SET status = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = now(),
                invisible_until = NULL, lease_token = NULL, last_error = NULL
          WHERE subscription_id = $1 AND schema_id <> 0
            AND ${request.deadLettered ? `status = 'dead'` : `status <> 'pending' AND record_time >= $2 AND record_time < $3`}
         RETURNING id
         )
         SELECT * FROM requeued`,
        request.deadLettered ? [subscriptionId] : [subscriptionId, request.from, request.to],
      );
      await tx.query(
        `UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL, updated_at = now()
          WHERE subscription_id = $1`,
        [subscriptionId],
      );
      await this.audit.record(
        {
          actor: auditActor(principal),
          action: 'subscription.replayed',
          targetType: 'subscription',
          targetId: subscriptionId,
          agencyId: subscription.agencyId,
          topic: subscription.topic,
          details: request.deadLettered
            ? { deadLettered: true, requeued: rows.length }
            : { from: request.from ?? null, to: request.to ?? null, requeued: rows.length },
        },
        tx,
      );
      return { requeued: rows.length };
    });
  }
}
