import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type EnvVar, InvalidEnvValue } from '@app/core';

/**
 * The key that encrypts webhook signing secrets at rest: 32 bytes, base64. Optional so that apps and tests
 * that do not deliver webhooks start without it; without it no secret can be created or read, and webhook
 * deliveries wait ("no signing secret").
 */
export const webhookSecretKey: EnvVar<Buffer | undefined> = {
  expects: 'a 32-byte key in base64 (e.g. `openssl rand -base64 32`), optional',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return undefined;
    const key = Buffer.from(raw.trim(), 'base64');
    if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
      throw new InvalidEnvValue('is not 32 bytes in base64');
    }
    return key;
  },
};

export interface SealedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

/**
 * Seals a signing secret with AES-256-GCM (random 96-bit IV); the subscription id is the additional
 * authenticated data, so the ciphertext opens only for its own subscription. The dispatcher opens it.
 */
export function sealWebhookSecret(key: Buffer, subscriptionId: string, secret: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { ciphertext, iv, authTag: cipher.getAuthTag() };
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64 (the HMAC key). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * Opens a signing secret `sealWebhookSecret` sealed with AES-256-GCM under WEBHOOK_SECRET_KEY; the subscription id
 * is the additional authenticated data, so a row moved to another subscription fails to open.
 */
export function openWebhookSecret(key: Buffer, subscriptionId: string, sealed: SealedSecret): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
