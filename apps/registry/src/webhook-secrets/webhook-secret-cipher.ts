import { createCipheriv, randomBytes } from 'node:crypto';

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
