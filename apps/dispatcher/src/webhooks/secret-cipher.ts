import { createDecipheriv } from 'node:crypto';

export interface EncryptedSecret {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

/**
 * Opens a signing secret the registry sealed with AES-256-GCM under WEBHOOK_SECRET_KEY; the subscription id
 * is the additional authenticated data, so a row moved to another subscription fails to open.
 */
export function openWebhookSecret(key: Buffer, subscriptionId: string, sealed: EncryptedSecret): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
