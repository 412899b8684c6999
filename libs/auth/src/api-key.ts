import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `phk_<12 chars>_<43 chars>`: the first two parts are the public prefix (stored in
 * clear, shown in lists and logs), the last is the secret (stored only as a scrypt hash).
 */
const KEY_PATTERN = /^(phk_[A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

// scrypt cost: about 50 ms and 16 MiB per check on one core — slow for a guesser, cheap with the cache.
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 };

export interface GeneratedApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  prefix: string;
  secretHash: string;
}

function randomPrefix(): string {
  const bytes = randomBytes(12);
  return `phk_${[...bytes].map((byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('')}`;
}

function scryptAsync(
  secret: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keyLength: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const derived = await scryptAsync(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), derived.toString('base64')].join(
    '$',
  );
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const derived = await scryptAsync(
    secret,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

export async function generateApiKey(): Promise<GeneratedApiKey> {
  const prefix = randomPrefix();
  const secret = randomBytes(32).toString('base64url');
  return { key: `${prefix}_${secret}`, prefix, secretHash: await hashSecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(key);
  return match?.[1] && match[2] ? { prefix: match[1], secret: match[2] } : undefined;
}

/** A fast digest of a whole key, used only as an in-memory cache key (never stored). */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('base64');
}

/** Compares two secrets in constant time with respect to their content. */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
