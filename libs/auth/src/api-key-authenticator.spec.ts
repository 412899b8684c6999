import { AgencyEntity, ApiKeyEntity, type DataSource } from '@app/persistence';
import { generateApiKey } from './api-key';
import { ApiKeyAuthenticator } from './api-key-authenticator';

describe('ApiKeyAuthenticator', () => {
  it('looks a new key up once when many requests bring it at the same time, then answers from memory', async () => {
    const key = await generateApiKey();
    const lookups: string[] = [];
    const repositories = new Map<unknown, object>([
      [
        ApiKeyEntity,
        {
          findOneBy: () => {
            lookups.push('key');
            return Promise.resolve({
              id: 'k1',
              prefix: key.prefix,
              secretHash: key.secretHash,
              role: 'agency',
              agencyId: 'dukcapil',
              revokedAt: null,
              expiresAt: null,
            });
          },
          update: () => Promise.resolve(),
        },
      ],
      [
        AgencyEntity,
        {
          findOneBy: () => {
            lookups.push('agency');
            return Promise.resolve({ id: 'dukcapil', status: 'active' });
          },
        },
      ],
    ]);
    const dataSource = {
      getRepository: (entity: unknown) => repositories.get(entity),
    } as unknown as DataSource;
    const authenticator = new ApiKeyAuthenticator(dataSource, { adminApiKey: undefined, cacheTtlMs: 60_000 });

    const principals = await Promise.all(
      Array.from({ length: 20 }, () => authenticator.authenticate({ scheme: 'bearer', key: key.key })),
    );
    await authenticator.authenticate({ scheme: 'bearer', key: key.key });
    expect(new Set(principals.map((principal) => JSON.stringify(principal)))).toEqual(
      new Set([JSON.stringify({ kind: 'agency', agencyId: 'dukcapil', keyPrefix: key.prefix })]),
    );
    expect(lookups).toEqual(['key', 'agency']);
  });

  it('does not remember a failed look-up: the next request tries again', async () => {
    const key = await generateApiKey();
    let calls = 0;
    const dataSource = {
      getRepository: () => ({
        findOneBy: () => {
          calls += 1;
          return Promise.resolve(null);
        },
      }),
    } as unknown as DataSource;
    const authenticator = new ApiKeyAuthenticator(dataSource, { adminApiKey: undefined, cacheTtlMs: 60_000 });
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(authenticator.authenticate({ scheme: 'bearer', key: key.key })).rejects.toThrow(
        'invalid API key',
      );
    }
    expect(calls).toBe(2);
  });
});
