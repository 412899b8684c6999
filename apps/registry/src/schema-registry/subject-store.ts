import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  QueryFailedError,
  SubjectEntity,
  SubjectVersionEntity,
} from '@app/persistence';
import { type PreviousVersion } from './compatibility-check';
import { isValidSubjectName, type VersionSelector } from './registry-input';
import { RegistryError } from './schema-registry.errors';
import { SchemaStore } from './schema-store';

export function isLive(version: SubjectVersionEntity): boolean {
  return version.deletedAt === null;
}

/** Subjects and their versions in PostgreSQL: the reads and row locks the registry services share. */
@Injectable()
export class SubjectStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schemas: SchemaStore,
  ) {}

  /** The subject's row; null for a name that is not (or cannot be) a subject. */
  async row(
    subject: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SubjectEntity | null> {
    if (!isValidSubjectName(subject)) return null;
    return manager.getRepository(SubjectEntity).findOneBy({ name: subject });
  }

  /** Every version of the subject, soft-deleted ones included, oldest first. */
  async versions(
    subject: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SubjectVersionEntity[]> {
    if (!isValidSubjectName(subject)) return [];
    return manager
      .getRepository(SubjectVersionEntity)
      .find({ where: { subject }, order: { version: 'ASC' } });
  }

  /**
   * The versions a read may see: live ones, or all with `deleted`. A subject with none is not found.
   * @throws RegistryError 40401
   */
  async visibleVersions(subject: string, includeDeleted: boolean): Promise<SubjectVersionEntity[]> {
    const versions = await this.versions(subject);
    const visible = includeDeleted ? versions : versions.filter(isLive);
    if (visible.length === 0) throw RegistryError.subjectNotFound(subject);
    return visible;
  }

  /** @throws RegistryError 40402 */
  pick(
    subject: string,
    visible: readonly SubjectVersionEntity[],
    selector: VersionSelector,
  ): SubjectVersionEntity {
    const found =
      selector === 'latest' ? visible.at(-1) : visible.find((candidate) => candidate.version === selector);
    if (!found) throw RegistryError.versionNotFound(subject, selector);
    return found;
  }

  /**
   * Locks the subject's row for the rest of the transaction: writers of one subject queue here, so that
   * concurrent registrations of one schema make one version. `create` inserts a missing subject first.
   */
  async lock(
    manager: EntityManager,
    subject: string,
    create?: { ownerAgencyId: string | null },
  ): Promise<SubjectEntity | null> {
    const repository = manager.getRepository(SubjectEntity);
    const row = await repository.findOne({ where: { name: subject }, lock: { mode: 'pessimistic_write' } });
    if (row || !create) return row;
    try {
      await manager.query(
        'INSERT INTO subjects (name, owner_agency_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [subject, create.ownerAgencyId],
      );
    } catch (error) {
      throw translateOwnerError(error, create.ownerAgencyId);
    }
    return repository.findOneOrFail({ where: { name: subject }, lock: { mode: 'pessimistic_write' } });
  }

  /** Versions whose schemas reference the given versions of a subject (other than themselves). */
  async referencing(
    manager: EntityManager,
    subject: string,
    versions: readonly number[],
    liveOnly: boolean,
  ): Promise<{ subject: string; version: number }[]> {
    if (versions.length === 0) return [];
    return manager.query(
      `SELECT DISTINCT sv.subject, sv.version
         FROM subject_versions sv JOIN schemas s ON s.id = sv.schema_id
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(s."references") r
                       WHERE r->>'subject' = $1 AND (r->>'version')::int = ANY($2::int[]))
          AND NOT (sv.subject = $1 AND sv.version = ANY($2::int[]))
          ${liveOnly ? 'AND sv.deleted_at IS NULL' : ''}
        ORDER BY sv.subject, sv.version
        LIMIT 20`,
      [subject, versions],
    );
  }

  /** @throws RegistryError 42206 when another version references one of these */
  async assertNotReferenced(
    manager: EntityManager,
    subject: string,
    versions: readonly number[],
    liveOnly: boolean,
  ): Promise<void> {
    const referrers = await this.referencing(manager, subject, versions, liveOnly);
    if (referrers.length === 0) return;
    const list = referrers.map((referrer) => `version ${referrer.version} of subject '${referrer.subject}'`);
    throw RegistryError.referenceExists(
      `One or more references exist to subject '${subject}' version(s) ${versions.join(', ')}: ${list.join('; ')}`,
    );
  }

  /** Live versions made ready for a compatibility check. */
  async comparable(versions: readonly SubjectVersionEntity[]): Promise<PreviousVersion[]> {
    return Promise.all(
      versions.map(async (version) => ({
        version: version.version,
        schemaId: version.schemaId,
        schema: await this.schemas.preparedById(version.schemaId),
      })),
    );
  }
}

/** An owner that is not an agency breaks the foreign key: a caller's mistake, not a 500. */
export function translateOwnerError(error: unknown, ownerAgencyId: string | null): unknown {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23503') {
    return RegistryError.invalidRequest(`agency '${ownerAgencyId ?? ''}' does not exist`);
  }
  return error;
}
