import { handoverSummary, type RecordStatus } from './record-status.service';

const delivery = (
  handover?: NonNullable<RecordStatus['deliveries'][number]['handover']>,
): RecordStatus['deliveries'][number] => ({
  agency: 'bpjs',
  subscriptionId: 's',
  fields: ['a'],
  deliveryTopic: 'penghubung.deliver.bpjs',
  at: '2026-11-27T10:00:00.000Z',
  ...(handover ? { handover } : {}),
});

describe('handoverSummary', () => {
  it('is empty when every subscriber reads its Kafka topic itself', () => {
    expect(handoverSummary([delivery(), delivery()])).toBe('');
  });

  it('says how many webhook and pull handovers are done, retrying (with the next attempt) and dead', () => {
    const base = { attempts: 1, lastStatusCode: null, lastError: null };
    expect(
      handoverSummary([
        delivery({ ...base, mode: 'webhook', status: 'delivered', nextAttemptAt: null }),
        delivery({ ...base, mode: 'webhook', status: 'pending', nextAttemptAt: '2026-11-27T12:00:00.000Z' }),
        delivery({ ...base, mode: 'webhook', status: 'pending', nextAttemptAt: '2026-11-27T11:00:00.000Z' }),
        delivery({ ...base, mode: 'pull', status: 'pending', nextAttemptAt: '2026-11-27T10:30:00.000Z' }),
        delivery({ ...base, mode: 'webhook', status: 'dead', nextAttemptAt: null }),
        delivery(),
      ]),
    ).toBe(
      '; handed over 1 of 5 (webhook, pull); 2 retrying, next attempt at 2026-11-27T11:00:00.000Z; 1 waiting to be pulled; 1 dead-lettered',
    );
  });
});
