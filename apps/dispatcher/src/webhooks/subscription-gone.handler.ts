import { type AuditLog } from '@app/audit';
import { deterministicUuid } from '@app/core';
import { type DataSource } from '@app/persistence';
import { type DeliveryOutcome } from './webhook-options';

/**
 * An endpoint answered 410 Gone: the subscriber says it wants no more. In one transaction: the attempt is
 * recorded, the subscription is ended (with the reason, audited as `subscription.ended` by the system, so
 * the owner and the subscriber see it), and its other pending webhook deliveries are cancelled.
 */
export class SubscriptionGoneHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async handle(outcome: DeliveryOutcome): Promise<boolean> {
    const { delivery } = outcome;
    const reason = `the webhook endpoint answered 410 Gone (record ${delivery.recordId})`;
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, outcome, status_code, latency_ms, error, attempted_at)
         VALUES ($1, $2, 'gone', 410, $3, $4, $5)`,
        [delivery.id, outcome.attempts, outcome.latencyMs, reason, outcome.attemptedAt],
      );
      const ended: { id: string; agency_id: string; topic: string; status: string }[] = await tx.query(
        `WITH before AS (SELECT id, status FROM subscriptions WHERE id = $1 FOR UPDATE), ended AS (
         UPDATE subscriptions s
            SET status = 'ended', status_reason = $2, decided_by = 'system:dispatcher', decided_at = now(),
                updated_at = now(), row_version = s.row_version + 1
           FROM before
          WHERE s.id = before.id AND before.status IN ('pending', 'active', 'suspended')
         RETURNING s.id, s.agency_id, s.topic, before.status
         )
         SELECT * FROM ended`,
        [delivery.subscriptionId, reason],
      );
      await tx.query(
        `UPDATE deliveries SET status = 'cancelled', last_error = $2,
                last_attempt_at = CASE WHEN id = $3 THEN $4::timestamptz ELSE last_attempt_at END,
                last_status_code = CASE WHEN id = $3 THEN 410 ELSE last_status_code END,
                attempts = CASE WHEN id = $3 THEN $5 ELSE attempts END
          WHERE subscription_id = $1 AND status = 'pending' AND mode = 'webhook'`,
        [delivery.subscriptionId, reason, delivery.id, outcome.attemptedAt, outcome.attempts],
      );
      const row = ended[0];
      if (!row) return false;
      await this.audit.record(
        {
          id: deterministicUuid(`subscription-gone:${row.id}`),
          actor: { type: 'system', id: 'dispatcher' },
          action: 'subscription.ended',
          targetType: 'subscription',
          targetId: row.id,
          agencyId: row.agency_id,
          topic: row.topic,
          details: { reason, from: row.status, to: 'ended', statusCode: 410, recordId: delivery.recordId },
        },
        tx,
      );
      return true;
    });
  }
}
