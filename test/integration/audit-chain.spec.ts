import 'reflect-metadata';
import { AuditLog, computeAuditHash } from '@app/audit';
import { requestContext } from '@app/core';
import { AuditEntryEntity, type DataSource } from '@app/persistence';
import { createScratchDatabase } from '../support/scratch-database';

describe('hash-chained audit log on the real PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let audit: AuditLog;
  let dataSource: DataSource;

  beforeEach(async () => {
    db = await createScratchDatabase('audit');
    dataSource = db.dataSource;
    audit = new AuditLog(dataSource);
  });
  afterEach(() => db.drop());

  async function appendTen(): Promise<void> {
    for (let index = 0; index < 10; index++) {
      await audit.record({
        actor: { type: 'admin', id: 'admin:bootstrap' },
        action: 'agency.created',
        targetType: 'agency',
        targetId: `agency-${index}`,
        details: { index },
      });
    }
  }

  async function asAttacker(sql: string): Promise<void> {
    await dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await dataSource.query(sql);
    await dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  }

  it('verifies an untouched chain and carries the request context', async () => {
    await requestContext.run({ requestId: 'req-42', sourceIp: '10.1.2.3' }, () => appendTen());
    const result = await audit.verify();
    expect(result).toMatchObject({ valid: true, entries: 10 });
    const rows: { request_id: string; source_ip: string }[] = await dataSource.query(
      'SELECT request_id, source_ip FROM audit_log',
    );
    expect(new Set(rows.map((row) => `${row.request_id}@${row.source_ip}`))).toEqual(
      new Set(['req-42@10.1.2.3']),
    );
  });

  it('keeps one unforked, gap-free chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, writer) =>
        audit.recordMany(
          Array.from({ length: 25 }, (_, index) => ({
            actor: { type: 'system' as const, id: `writer-${writer}` },
            action: 'record.published',
            details: { index },
          })),
        ),
      ),
    );
    expect(await audit.verify()).toMatchObject({ valid: true, entries: 200 });
  });

  it('refuses UPDATE and DELETE through the database trigger', async () => {
    await appendTen();
    await expect(dataSource.query("UPDATE audit_log SET action = 'x' WHERE seq = 3")).rejects.toThrow(
      'append-only',
    );
    await expect(dataSource.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow('append-only');
  });

  it('finds an edited entry', async () => {
    await appendTen();
    await asAttacker(`UPDATE audit_log SET details = '{"index": 99}' WHERE seq = 4`);
    expect(await audit.verify()).toEqual({
      valid: false,
      entries: 3,
      brokenAt: '4',
      reason: 'entry content does not match its hash (edited?)',
    });
  });

  it('finds an edit whose author also recomputed the hash of that entry, at the link of the next one', async () => {
    await appendTen();
    const [row] = await dataSource.getRepository(AuditEntryEntity).findBy({ seq: '6' });
    if (!row) throw new Error('entry 6 missing');
    const forgedDetails = { index: 600 };
    const forgedHash = computeAuditHash({
      seq: row.seq,
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      actorType: row.actorType,
      actorId: row.actorId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      agencyId: row.agencyId,
      topic: row.topic,
      recordId: row.recordId,
      details: forgedDetails,
      sourceIp: row.sourceIp,
      requestId: row.requestId,
      prevHash: row.prevHash,
    });
    await asAttacker(
      `UPDATE audit_log SET details = '${JSON.stringify(forgedDetails)}', hash = '${forgedHash}' WHERE seq = 6`,
    );
    expect(await audit.verify()).toEqual({
      valid: false,
      entries: 6,
      brokenAt: '7',
      reason: 'previous-hash link does not match the entry before it',
    });
  });

  it('finds a deleted entry', async () => {
    await appendTen();
    await asAttacker('DELETE FROM audit_log WHERE seq = 5');
    expect(await audit.verify()).toEqual({
      valid: false,
      entries: 4,
      brokenAt: '6',
      reason: 'entries 5 to 5 are missing (deleted?)',
    });
  });

  it('finds a deletion that renumbered the rest, by the broken link', async () => {
    await appendTen();
    await asAttacker('DELETE FROM audit_log WHERE seq = 5');
    await asAttacker('UPDATE audit_log SET seq = seq + 1000 WHERE seq > 5');
    await asAttacker('UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000');
    const result = await audit.verify();
    expect(result).toMatchObject({ valid: false, brokenAt: '5' });
  });
});
