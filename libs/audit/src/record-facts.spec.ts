import { AuditEntryEntity } from '@app/persistence';
import { RecordAction, recordFacts } from './record-facts';

let seq = 0;
function entry(action: string, fields: Partial<AuditEntryEntity> & { details?: object }): AuditEntryEntity {
  seq += 1;
  return Object.assign(new AuditEntryEntity(), {
    seq: String(seq),
    id: `id-${seq}`,
    occurredAt: new Date(Date.UTC(2026, 10, 27, 10, 0, seq)),
    actorType: 'system',
    actorId: 'router',
    action,
    targetType: null,
    targetId: null,
    agencyId: null,
    topic: 'kependudukan.kelahiran.v1',
    recordId: null,
    details: {},
    sourceIp: null,
    requestId: null,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
    ...fields,
  });
}

const routed = (recordIds: string[]) =>
  entry(RecordAction.batchRouted, {
    agencyId: 'dukcapil',
    details: {
      partition: 2,
      recordIds,
      offsets: recordIds.map((_, index) => String(100 + index)),
      schemaIds: recordIds.map(() => 7),
      deliveries: recordIds.map((_, index) => index),
      subscriptions: 3,
    },
  });
const delivered = (subscriptionId: string, agencyId: string, recordIds: string[]) =>
  entry(RecordAction.batchDelivered, {
    agencyId,
    targetType: 'subscription',
    targetId: subscriptionId,
    details: {
      subscriptionId,
      fields: ['nik'],
      deliveryTopic: `penghubung.deliver.${agencyId}`,
      schemaId: 9,
      recordIds,
    },
  });

describe('recordFacts', () => {
  it('reads a record out of batch entries: its offset, delivery count and the subscriptions that took it', () => {
    const facts = recordFacts(
      [routed(['a', 'b', 'c']), delivered('s1', 'bps', ['a', 'c']), delivered('s2', 'bpjs', ['a', 'b'])],
      'c',
    );
    expect(facts.published).toMatchObject({
      agencyId: 'dukcapil',
      partition: 2,
      offset: '102',
      schemaId: 7,
      via: null,
    });
    expect(facts.routed).toMatchObject({ subscriptions: 3, deliveries: 2 });
    expect(facts.deliveries).toEqual([
      expect.objectContaining({ agencyId: 'bps', subscriptionId: 's1', fields: ['nik'], schemaId: 9 }),
    ]);
    expect(facts.deadLettered).toBeNull();
  });

  it("prefers the gateway's publish entry, even written after the router's, and counts a subscription once", () => {
    const gateway = entry(RecordAction.published, {
      actorType: 'agency',
      actorId: 'dukcapil',
      recordId: 'a',
      details: { partition: 2, offset: '100', schemaId: 7, via: 'http' },
    });
    const facts = recordFacts(
      [routed(['a']), delivered('s1', 'bps', ['a']), delivered('s1', 'bps', ['a']), gateway],
      'a',
    );
    expect(facts.published).toMatchObject({ via: 'http', seq: gateway.seq, offset: '100' });
    expect(facts.deliveries).toHaveLength(1);
  });

  it("reads the gateway's per-request entry: the record's own partition and offset", () => {
    const facts = recordFacts(
      [
        entry(RecordAction.batchPublished, {
          actorType: 'agency',
          actorId: 'dukcapil',
          details: {
            recordIds: ['p', 'q'],
            partitions: [0, 5],
            offsets: ['10', '77'],
            schemaId: 7,
            via: 'http',
          },
        }),
        routed(['q']),
      ],
      'q',
    );
    expect(facts.published).toMatchObject({ agencyId: 'dukcapil', partition: 5, offset: '77', via: 'http' });
    expect(facts.routed).toMatchObject({ subscriptions: 3 });
  });

  it('still reads the per-record entries of earlier versions', () => {
    const facts = recordFacts(
      [
        entry(RecordAction.routed, { recordId: 'r', details: { subscriptions: 2, deliveries: 1 } }),
        entry(RecordAction.delivered, {
          recordId: 'r',
          agencyId: 'bps',
          details: { subscriptionId: 's1', fields: ['x'], deliveryTopic: 't' },
        }),
      ],
      'r',
    );
    expect(facts.routed).toMatchObject({ subscriptions: 2, deliveries: 1 });
    expect(facts.deliveries).toEqual([expect.objectContaining({ subscriptionId: 's1', fields: ['x'] })]);
  });

  it('reads a dead letter', () => {
    const facts = recordFacts(
      [entry(RecordAction.deadLettered, { recordId: 'z', details: { code: 'UNDECODABLE', reason: 'bad' } })],
      'z',
    );
    expect(facts.deadLettered).toMatchObject({ code: 'UNDECODABLE', reason: 'bad' });
    expect(facts.routed).toBeNull();
  });

  it('keeps the final handover of each subscription from the dispatcher and pull entries (rows may be purged)', () => {
    const facts = recordFacts(
      [
        entry(RecordAction.batchWebhookDelivered, {
          actorId: 'dispatcher',
          details: { subscriptionId: 'w1', recordIds: ['x', 'r'], attempts: [1, 3], statusCodes: [200, 204] },
        }),
        entry(RecordAction.webhookDeadLettered, {
          recordId: 'r',
          details: { subscriptionId: 'w2', attempts: 8, error: 'HTTP 500' },
        }),
        entry(RecordAction.pullAcknowledged, {
          recordId: 'r',
          details: { subscriptionId: 'p1', attempts: 1 },
        }),
        entry(RecordAction.batchWebhookDelivered, {
          details: { subscriptionId: 'w3', recordIds: ['x'], attempts: [1], statusCodes: [200] },
        }),
      ],
      'r',
    );
    const summary = Object.fromEntries(
      [...facts.handovers].map(([id, handover]) => [id, [handover.status, handover.mode, handover.attempts]]),
    );
    expect(summary).toEqual({
      w1: ['delivered', 'webhook', 3],
      w2: ['dead', 'webhook', 8],
      p1: ['delivered', 'pull', 1],
    });
  });
});
