import { computeAuditHash, GENESIS_HASH, type HashedAuditFields, stableJson } from './audit-hash';

const base: HashedAuditFields = {
  seq: '1',
  id: '6f1c7e0e-8a47-4bb6-9c43-1d1f1d1a2b3c',
  occurredAt: '2026-11-27T10:00:00.000Z',
  actorType: 'admin',
  actorId: 'admin:bootstrap',
  action: 'agency.created',
  targetType: 'agency',
  targetId: 'dukcapil',
  agencyId: 'dukcapil',
  topic: null,
  recordId: null,
  details: { name: 'Dukcapil', tags: ['a', 'b'] },
  sourceIp: '127.0.0.1',
  requestId: 'req-1',
  prevHash: GENESIS_HASH,
};

describe('audit hash', () => {
  it('is stable under key order of the details', () => {
    expect(computeAuditHash(base)).toBe(
      computeAuditHash({ ...base, details: { tags: ['a', 'b'], name: 'Dukcapil' } }),
    );
  });

  it.each(Object.keys(base) as (keyof HashedAuditFields)[])('changes when %s changes', (key) => {
    const changed = { ...base, [key]: key === 'details' ? { name: 'Other' } : `${String(base[key])}x` };
    expect(computeAuditHash(changed)).not.toBe(computeAuditHash(base));
  });

  it('does not confuse null with the string "null" or fields shifted between columns', () => {
    expect(computeAuditHash({ ...base, topic: 'null' })).not.toBe(computeAuditHash(base));
    expect(computeAuditHash({ ...base, targetId: null, agencyId: 'dukcapil' })).not.toBe(
      computeAuditHash({ ...base, targetId: 'dukcapil', agencyId: null }),
    );
  });

  it('serialises nested objects deterministically', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});
