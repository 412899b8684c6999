import { type DataSource } from '@app/persistence';
import { CatalogueSnapshot } from './catalogue-snapshot';

/** A database whose topics table the test changes; each read of it can be held until released. */
function fakeDatabase() {
  const topics: string[] = [];
  const holds: (() => void)[] = [];
  let reads = 0;
  let holding = false;
  const dataSource = {
    query: async (sql: string) => {
      if (!sql.includes('FROM topics')) return [];
      reads += 1;
      const snapshot = topics.map((name) => ({
        name,
        owner_agency_id: 'a',
        subject: `${name}-value`,
        classification: 'public',
      }));
      if (holding) await new Promise<void>((resolve) => holds.push(resolve));
      return snapshot;
    },
  } as unknown as DataSource;
  return {
    dataSource,
    topics,
    reads: () => reads,
    hold: (on: boolean) => (holding = on),
    release: () => holds.splice(0).forEach((resolve) => resolve()),
  };
}

describe('CatalogueSnapshot.fresh', () => {
  it('answers from a read that began after the call, so a topic created just before is known', async () => {
    const db = fakeDatabase();
    const catalogue = new CatalogueSnapshot(db.dataSource, 60_000);
    await catalogue.refresh();
    db.topics.push('created.a.moment.ago');
    expect(catalogue.current().topics.has('created.a.moment.ago')).toBe(false);
    // The state read before the topic was created does not know it; fresh waits for a new read.
    expect(catalogue.current().topics.has('created.a.moment.ago')).toBe(false);
    expect((await catalogue.fresh(10)).topics.has('created.a.moment.ago')).toBe(true);
  });

  it('does not answer from a read that was already running when it was called', async () => {
    const db = fakeDatabase();
    const catalogue = new CatalogueSnapshot(db.dataSource, 60_000);
    db.hold(true);
    const early = catalogue.refresh();
    db.topics.push('t1');
    const late = catalogue.fresh(0);
    db.hold(false);
    db.release();
    expect((await early).topics.has('t1')).toBe(false);
    expect((await late).topics.has('t1')).toBe(true);
    expect(db.reads()).toBe(2);
  });

  it('lets callers that arrive together share one read', async () => {
    const db = fakeDatabase();
    const catalogue = new CatalogueSnapshot(db.dataSource, 60_000);
    await catalogue.refresh();
    const before = db.reads();
    db.topics.push('t2');
    const states = await Promise.all(Array.from({ length: 5 }, () => catalogue.fresh(0)));
    expect(states.every((state) => state.topics.has('t2'))).toBe(true);
    expect(db.reads() - before).toBe(1);
  });
});
