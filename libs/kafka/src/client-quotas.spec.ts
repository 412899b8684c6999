import { encodeAlterClientQuotas } from './client-quotas';

describe('encodeAlterClientQuotas (AlterClientQuotas v0 body)', () => {
  it('writes entity, ops with remove flags, and validate_only=false, as the protocol lays them out', () => {
    const body = encodeAlterClientQuotas([
      { principal: 'a.b', quota: { producerByteRate: 1024, consumerByteRate: undefined } },
    ]);
    const expected = Buffer.concat([
      Buffer.from([0, 0, 0, 1]), // one entry
      Buffer.from([0, 0, 0, 1]), // one entity component
      Buffer.from([0, 4]),
      Buffer.from('user'),
      Buffer.from([0, 3]),
      Buffer.from('a.b'),
      Buffer.from([0, 0, 0, 2]), // two ops
      Buffer.from([0, 18]),
      Buffer.from('producer_byte_rate'),
      (() => {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(1024);
        return b;
      })(),
      Buffer.from([0]), // set
      Buffer.from([0, 18]),
      Buffer.from('consumer_byte_rate'),
      Buffer.alloc(8),
      Buffer.from([1]), // remove
      Buffer.from([0]), // validate_only
    ]);
    expect(body.equals(expected)).toBe(true);
  });

  it('names the default entity with a null name and leaves out keys it was not given', () => {
    const body = encodeAlterClientQuotas([{ principal: undefined, quota: {} }]);
    expect([...body]).toEqual([
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      4,
      ...Buffer.from('user'),
      0xff,
      0xff,
      0,
      0,
      0,
      0,
      0,
    ]);
  });
});
