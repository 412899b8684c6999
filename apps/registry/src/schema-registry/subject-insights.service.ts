import { Injectable } from '@nestjs/common';
import { fieldClassifications, personalFields } from '@app/avro';
import { AuditEntryEntity, DataSource } from '@app/persistence';
import { type ChangelogVersionDto, type SubjectChangelogResponse } from './dto/subject-changelog.response';
import { type SubjectFieldsResponse } from './dto/subject-fields.response';
import { type VersionSelector } from './registry-input';
import { RegistryError } from './schema-registry.errors';
import { SchemaStore } from './schema-store';
import { isLive, SubjectStore } from './subject-store';

const PERSONAL = new Set(['personal', 'sensitive']);

function actorLabel(entry: AuditEntryEntity): string {
  return entry.actorType === 'agency' ? `agency:${entry.actorId ?? ''}` : (entry.actorId ?? entry.actorType);
}

function numberList(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

/** Which versions an audit entry deleted, and whether for good; undefined when it deleted nothing. */
function deletion(entry: AuditEntryEntity): { versions: number[]; permanent: boolean } | undefined {
  const details = entry.details as Record<string, unknown>;
  const permanent = details.permanent === true;
  if (entry.action === 'schema.version_deleted' && typeof details.version === 'number') {
    return { versions: [details.version], permanent };
  }
  if (entry.action === 'subject.deleted') return { versions: numberList(details.versions), permanent };
  return undefined;
}

/** Penghubung's additions under /v1: field classifications and the changelog of a subject. */
@Injectable()
export class SubjectInsightsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schemas: SchemaStore,
    private readonly subjects: SubjectStore,
  ) {}

  /** @throws RegistryError 40401, 40402 */
  async fields(subject: string, selector: VersionSelector): Promise<SubjectFieldsResponse> {
    const visible = await this.subjects.visibleVersions(subject, false);
    const version = this.subjects.pick(subject, visible, selector);
    const schema = await this.schemas.preparedById(version.schemaId);
    const fields = fieldClassifications(schema.json, schema.namedTypes);
    return {
      subject,
      version: version.version,
      schemaId: version.schemaId,
      fields: fields.map((field) => ({
        path: field.path,
        classification: field.classification ?? null,
        personal: PERSONAL.has(field.classification ?? ''),
      })),
      personalFields: personalFields(schema.json, schema.namedTypes),
    };
  }

  /**
   * Every version with who registered and deleted it and when, and every change of the subject, from the
   * versions table and the audit log (which also remembers permanently deleted versions).
   * @throws RegistryError 40401 for a subject the registry never knew
   */
  async changelog(subject: string): Promise<SubjectChangelogResponse> {
    const row = await this.subjects.row(subject);
    if (!row) throw RegistryError.subjectNotFound(subject);
    const [versions, entries] = await Promise.all([
      this.subjects.versions(subject),
      this.dataSource.getRepository(AuditEntryEntity).find({
        where: { targetType: 'subject', targetId: subject },
        order: { seq: 'ASC' },
      }),
    ]);
    const byVersion = new Map<number, ChangelogVersionDto>();
    for (const version of versions) {
      byVersion.set(version.version, {
        version: version.version,
        schemaId: version.schemaId,
        state: isLive(version) ? 'live' : 'soft-deleted',
        registeredBy: version.registeredBy,
        registeredAt: version.registeredAt.toISOString(),
        deletedBy: null,
        deletedAt: version.deletedAt?.toISOString() ?? null,
        permanentlyDeletedBy: null,
        permanentlyDeletedAt: null,
      });
    }
    for (const entry of entries) {
      const details = entry.details as Record<string, unknown>;
      if (entry.action === 'schema.registered' && typeof details.version === 'number') {
        if (!byVersion.has(details.version)) {
          // Registered, then permanently deleted: only the audit log remembers it.
          byVersion.set(details.version, {
            version: details.version,
            schemaId: typeof details.schemaId === 'number' ? details.schemaId : 0,
            state: 'permanently-deleted',
            registeredBy: actorLabel(entry),
            registeredAt: entry.occurredAt.toISOString(),
            deletedBy: null,
            deletedAt: null,
            permanentlyDeletedBy: null,
            permanentlyDeletedAt: null,
          });
        }
        continue;
      }
      const deleted = deletion(entry);
      for (const number of deleted?.versions ?? []) {
        const version = byVersion.get(number);
        if (!version) continue;
        if (deleted?.permanent) {
          version.permanentlyDeletedBy = actorLabel(entry);
          version.permanentlyDeletedAt = entry.occurredAt.toISOString();
        } else {
          version.deletedBy = actorLabel(entry);
          version.deletedAt = entry.occurredAt.toISOString();
        }
      }
    }
    return {
      subject,
      owner: row.ownerAgencyId,
      versions: [...byVersion.values()].sort((left, right) => left.version - right.version),
      events: entries.map((entry) => ({
        seq: entry.seq,
        at: entry.occurredAt.toISOString(),
        by: actorLabel(entry),
        action: entry.action,
        details: entry.details,
      })),
    };
  }
}
