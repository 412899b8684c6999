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

/** How long to wait before reading the secrets again after a failed read (PostgreSQL away). */
const RELOAD_RETRY_MS = 1_000;

interface SigningKey {
  key: Buffer;
  /** End of a rotated secret's overlap; null for the current one. */
  validUntil: Date | null;
}

/**
 * The signing keys of every webhook subscription, read in one query and kept for WEBHOOK_SECRET_CACHE_MS.
 * During a rotation's overlap a subscription has two keys, the newest first. When a re-read fails
 * (PostgreSQL briefly away) the keys read last keep signing — a rotated key only until the end of its
 * overlap — so that deliveries already claimed still go out. Secrets never leave this class except as HMAC
 * keys, and are never logged.
 */
export class WebhookSecretsStore {
  private readonly logger = new Logger(WebhookSecretsStore.name);
  private keys = new Map<string, SigningKey[]>();
  private loadedAt = 0;
  private loaded = false;
  private retryAt = 0;
  private failing = false;
  private loading?: Promise<void>;
  private readonly undecryptable = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKey: Buffer | undefined,
    private readonly cacheMs: number,
  ) {}

  /** The keys that sign a subscription's deliveries now; empty when it has no secret (deliveries wait). */
  async keysFor(subscriptionId: string): Promise<readonly Buffer[]> {
    const now = Date.now();
    if (now - this.loadedAt >= this.cacheMs && now >= this.retryAt) {
      try {
        await this.reload();
        if (this.failing) this.logger.log({ msg: 'webhook secrets can be read again' });
        this.failing = false;
      } catch (error) {
        this.retryAt = Date.now() + RELOAD_RETRY_MS;
        if (!this.loaded) throw error;
        if (!this.failing) {
          this.logger.warn({
            msg: 'could not read webhook secrets; signing with the ones read last',
            error: error instanceof Error ? error.message : String(error),
          });
        }
        this.failing = true;
      }
    }
    const at = Date.now();
    return (this.keys.get(subscriptionId) ?? [])
      .filter((signing) => signing.validUntil === null || signing.validUntil.getTime() > at)
      .map((signing) => signing.key);
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
      this.loaded = true;
      return;
    }
    const rows = await this.dataSource.query<SecretRow[]>(
      `SELECT id, subscription_id, ciphertext, iv, auth_tag, valid_until FROM webhook_secrets
        WHERE valid_until IS NULL OR valid_until > now()
        ORDER BY subscription_id, valid_until IS NULL DESC, created_at DESC`,
    );
    const keys = new Map<string, SigningKey[]>();
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
      list.push({ key: signingKeyOf(secret), validUntil: row.valid_until });
      keys.set(row.subscription_id, list);
    }
    this.keys = keys;
    this.loadedAt = Date.now();
    this.loaded = true;
  }
}
