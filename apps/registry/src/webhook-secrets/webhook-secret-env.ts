import { type EnvVar } from '@app/core';

class ConfigValueError extends Error {
  override toString(): string {
    return this.message;
  }
}

/**
 * The key that encrypts webhook signing secrets at rest (AES-256-GCM): 32 bytes in base64, the same value
 * the dispatcher is given. Optional: without it the registry starts, but cannot create signing secrets.
 */
export const webhookSecretKey: EnvVar<Buffer | undefined> = {
  expects: 'a 32-byte key in base64 (e.g. `openssl rand -base64 32`), optional',
  parse(raw) {
    if (raw === undefined || raw.trim() === '') return undefined;
    const key = Buffer.from(raw.trim(), 'base64');
    if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
      throw new ConfigValueError('is not 32 bytes in base64');
    }
    return key;
  },
};
