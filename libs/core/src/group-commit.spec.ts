import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes calls that arrive together in one write and gives each caller its own results', async () => {
    const writes: number[][] = [];
    const commit = new GroupCommit<number, number>((items) => {
      writes.push(items);
      return Promise.resolve(items.map((item) => item * 10));
    });
    const results = await Promise.all([commit.submit([1, 2]), commit.submit([3]), commit.submit([4, 5, 6])]);
    expect(results).toEqual([[10, 20], [30], [40, 50, 60]]);
    expect(writes).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it('writes calls that arrive during a write in the next one', async () => {
    const writes: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    const commit = new GroupCommit<string>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await first;
      return items.map(() => undefined);
    });
    const a = commit.submit(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [commit.submit(['b']), commit.submit(['c'])];
    release();
    await Promise.all([a, ...later]);
    expect(writes).toEqual([['a'], ['b', 'c']]);
  });

  it('fails only the call whose items cannot be written', async () => {
    const commit = new GroupCommit<string, string>((items) =>
      items.includes('bad') ? Promise.reject(new Error('bad item')) : Promise.resolve(items),
    );
    const [good, bad, other] = await Promise.allSettled([
      commit.submit(['x']),
      commit.submit(['bad']),
      commit.submit(['y']),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: ['x'] });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('bad item') });
    expect(other).toEqual({ status: 'fulfilled', value: ['y'] });
  });

  it('fails every call of a shared write that must not be repeated piecemeal', async () => {
    let writes = 0;
    const commit = new GroupCommit<string>(
      () => {
        writes += 1;
        return Promise.reject(new Error('broker gone'));
      },
      { retryAlone: false },
    );
    const outcomes = await Promise.allSettled([commit.submit(['a']), commit.submit(['b'])]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(writes).toBe(1);
  });
});
