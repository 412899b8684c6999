import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { auditActor, type Principal, principalLabel } from '@app/auth';
import { AppError } from '@app/core';
import { DataSource, type EntityManager, SubscriptionEntity } from '@app/persistence';
import { generateWebhookSecret, sealWebhookSecret } from '@app/webhook-policy';
import { WEBHOOK_SECRETS_OPTIONS, type WebhookSecretsOptions } from './webhook-secrets.options';

export interface WebhookSecretStatus {
  subscriptionId: string;
  currentCreatedAt: string | null;
  previousValidUntil: string[];
}

export interface CreatedWebhookSecret extends WebhookSecretStatus {
  secret: string;
}

const SECRET_HOLDING_STATUSES = ['pending', 'active', 'suspended'];

/**
 * Webhook signing secrets: created or rotated by the subscriber (or an admin), shown once, stored sealed
 * with WEBHOOK_SECRET_KEY. After a rotation the previous secret keeps signing for the overlap, so the
 * subscriber can switch without losing a delivery; a second rotation ends older overlaps at once.
 */
@Injectable()
export class WebhookSecretsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    @Inject(WEBHOOK_SECRETS_OPTIONS) private readonly options: WebhookSecretsOptions,
  ) {}

  async rotate(principal: Principal, subscriptionId: string): Promise<CreatedWebhookSecret> {
    const key = this.options.key;
    if (!key) {
      throw AppError.dependencyUnavailable(
        'webhook signing secrets are not configured (WEBHOOK_SECRET_KEY is not set)',
      );
    }
    const secret = generateWebhookSecret();
    await this.dataSource.transaction(async (tx) => {
      const subscription = await this.visible(principal, subscriptionId, tx, true);
      if (subscription.deliveryMode !== 'webhook') {
        throw AppError.conflict(
          `subscription ${subscriptionId} delivers by ${subscription.deliveryMode}, not webhook`,
        );
      }
      if (!SECRET_HOLDING_STATUSES.includes(subscription.status)) {
        throw AppError.conflict(`subscription ${subscriptionId} is ${subscription.status}`);
      }
      await tx.query(
        `UPDATE webhook_secrets SET valid_until = now() WHERE subscription_id = $1 AND valid_until > now()`,
        [subscriptionId],
      );
      const retired: { valid_until: Date }[] = await tx.query(
        `WITH retired AS (
           UPDATE webhook_secrets SET valid_until = now() + ($2::bigint * interval '1 millisecond')
            WHERE subscription_id = $1 AND valid_until IS NULL RETURNING valid_until
         )
         SELECT * FROM retired`,
        [subscriptionId, this.options.overlapMs],
      );
      const sealed = sealWebhookSecret(key, subscriptionId, secret);
      await tx.query(
        `INSERT INTO webhook_secrets (id, subscription_id, ciphertext, iv, auth_tag, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          randomUUID(),
          subscriptionId,
          sealed.ciphertext,
          sealed.iv,
          sealed.authTag,
          principalLabel(principal),
        ],
      );
      const previousUntil = retired[0]?.valid_until;
      await this.audit.record(
        {
          actor: auditActor(principal),
          action: previousUntil ? 'webhook_secret.rotated' : 'webhook_secret.created',
          targetType: 'subscription',
          targetId: subscriptionId,
          agencyId: subscription.agencyId,
          topic: subscription.topic,
          details: { previousValidUntil: previousUntil ? previousUntil.toISOString() : null },
        },
        tx,
      );
    });
    return { ...(await this.status(principal, subscriptionId)), secret };
  }

  async status(principal: Principal, subscriptionId: string): Promise<WebhookSecretStatus> {
    await this.visible(principal, subscriptionId, this.dataSource.manager, false);
    const rows: { created_at: Date; valid_until: Date | null }[] = await this.dataSource.query(
      `SELECT created_at, valid_until FROM webhook_secrets
        WHERE subscription_id = $1 AND (valid_until IS NULL OR valid_until > now())
        ORDER BY created_at DESC`,
      [subscriptionId],
    );
    const current = rows.find((row) => row.valid_until === null);
    return {
      subscriptionId,
      currentCreatedAt: current ? current.created_at.toISOString() : null,
      previousValidUntil: rows.flatMap((row) => (row.valid_until ? [row.valid_until.toISOString()] : [])),
    };
  }

  /** The subscription, for its subscriber or an admin; 404 for everyone else (no one learns it exists). */
  private async visible(
    principal: Principal,
    id: string,
    manager: EntityManager,
    lock: boolean,
  ): Promise<SubscriptionEntity> {
    const repository = manager.getRepository(SubscriptionEntity);
    const subscription = lock
      ? await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : await repository.findOneBy({ id });
    if (!subscription || (principal.kind === 'agency' && principal.agencyId !== subscription.agencyId)) {
      throw AppError.notFound(`subscription ${id} not found`);
    }
    return subscription;
  }
}
