import { Logger } from '@nestjs/common';
import { type DataSource } from '@app/persistence';
import { openWebhookSecret } from '@app/webhook-policy';
import { signingKeyOf } from './webhook-signature';

interface SecretRow {
  id: string;
  subscription_id: string;
  ciphertext: Buffer;
  iv: Buffer;
  auth_tag: Buffer;
  valid_until: Date | null;
}

/**
 * The signing keys of every webhook subscription, read in one query and kept for WEBHOOK_SECRET_CACHE_MS.
 * During a rotation's overlap a subscription has two keys, the newest first. Secrets never leave this
 * class except as HMAC keys, and are never logged.
 */
export class WebhookSecretsStore {
  private readonly logger = new Logger(WebhookSecretsStore.name);
  private keys = new Map<string, Buffer[]>();
  private loadedAt = 0;
  private loading?: Promise<void>;
  private readonly undecryptable = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKey: Buffer | undefined,
    private readonly cacheMs: number,
  ) {}

  /** The keys that sign a subscription's deliveries now; empty when it has no secret (deliveries wait). */
  async keysFor(subscriptionId: string): Promise<readonly Buffer[]> {
    if (Date.now() - this.loadedAt >= this.cacheMs) await this.reload();
    return this.keys.get(subscriptionId) ?? [];
  }

  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    if (!this.masterKey) {
      this.loadedAt = Date.now();
      return;
    }
    const rows = await this.dataSource.query<SecretRow[]>(
      `SELECT id, subscription_id, ciphertext, iv, auth_tag, valid_until FROM webhook_secrets
        WHERE valid_until IS NULL OR valid_until > now()
        ORDER BY subscription_id, valid_until IS NULL DESC, created_at DESC`,
    );
    const keys = new Map<string, Buffer[]>();
    for (const row of rows) {
      let secret: string;
      try {
        secret = openWebhookSecret(this.masterKey, row.subscription_id, {
          ciphertext: row.ciphertext,
          iv: row.iv,
          authTag: row.auth_tag,
        });
      } catch {
        if (!this.undecryptable.has(row.id)) {
          this.undecryptable.add(row.id);
          this.logger.error({
            msg: 'a webhook secret does not decrypt with WEBHOOK_SECRET_KEY; it is ignored',
            secretId: row.id,
            subscriptionId: row.subscription_id,
          });
        }
        continue;
      }
      const list = keys.get(row.subscription_id) ?? [];
      list.push(signingKeyOf(secret));
      keys.set(row.subscription_id, list);
    }
    this.keys = keys;
    this.loadedAt = Date.now();
  }
}
