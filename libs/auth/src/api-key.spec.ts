import { generateApiKey, hashSecret, parseApiKey, secretsEqual, verifySecret } from './api-key';

describe('API keys', () => {
  it('generates a key whose prefix is public and whose secret verifies against the stored hash', async () => {
    const generated = await generateApiKey();
    const parsed = parseApiKey(generated.key);
    expect(parsed?.prefix).toBe(generated.prefix);
    expect(generated.secretHash).not.toContain(parsed?.secret ?? 'x');
    expect(generated.secretHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifySecret(parsed?.secret ?? '', generated.secretHash)).toBe(true);
    expect(await verifySecret(`${parsed?.secret ?? ''}x`, generated.secretHash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it.each([
    '',
    'phk_short_x',
    'Bearer phk_ABCDEFGHJKLM_' + 'a'.repeat(43),
    'phk_ABCDEFGHJKLM_' + 'a'.repeat(42),
  ])('refuses a malformed key %p', (key) => {
    expect(parseApiKey(key)).toBeUndefined();
  });

  it('refuses a stored hash of another scheme', async () => {
    expect(await verifySecret('x', 'bcrypt$whatever')).toBe(false);
  });

  it('compares secrets by content', () => {
    expect(secretsEqual('a-long-admin-key', 'a-long-admin-key')).toBe(true);
    expect(secretsEqual('a-long-admin-key', 'a-long-admin-kez')).toBe(false);
  });
});
