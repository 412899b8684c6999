import { murmur2, partitionForKey } from './partitioner';

describe('Kafka default partitioner', () => {
  // Reference values from the Java client's Utils.murmur2 (the test vectors in Kafka's UtilsTest).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%p) = %p', (key, expected) => {
    expect(murmur2(Buffer.from(key))).toBe(expected);
  });

  it('maps keys to partitions like Java: toPositive(murmur2) % n', () => {
    expect(partitionForKey('foobar', 3)).toBe((-790332482 & 0x7fffffff) % 3);
    expect(partitionForKey('nik-1', 1)).toBe(0);
  });
});
