import { chunkBySize } from './transactional-processor';

describe('chunkBySize', () => {
  const message = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });

  it('keeps every message, in order, in requests under the limit', () => {
    const input = [
      { topic: 'a', messages: Array.from({ length: 10 }, () => message(300)) },
      { topic: 'b', messages: Array.from({ length: 5 }, () => message(300)) },
    ];
    const chunks = chunkBySize(input, 1_000);
    const flattened = chunks.flatMap((chunk) => chunk.flatMap((part) => part.messages.map(() => part.topic)));
    expect(flattened).toEqual([...Array<string>(10).fill('a'), ...Array<string>(5).fill('b')]);
    for (const chunk of chunks) {
      const bytes = chunk
        .flatMap((part) => part.messages)
        .reduce((sum, item) => sum + 64 + 1 + (item.value as Buffer).length, 0);
      expect(bytes).toBeLessThanOrEqual(1_000);
    }
    expect(chunks.length).toBe(8);
  });

  it('sends a single message larger than the limit alone rather than dropping it', () => {
    const chunks = chunkBySize([{ topic: 'a', messages: [message(10), message(5_000), message(10)] }], 1_000);
    expect(chunks.map((chunk) => chunk[0]?.messages.length)).toEqual([1, 1, 1]);
  });
});
