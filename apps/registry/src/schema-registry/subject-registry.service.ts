import { Injectable } from '@nestjs/common';
import { type AuditInput, AuditLog } from '@app/audit';
import { type CompatibilityLevel } from '@app/avro';
import { DataSource, type EntityManager, In, SubjectEntity, SubjectVersionEntity } from '@app/persistence';
import { checkAgainstVersions } from './compatibility-check';
import { type RegisterSchemaRequest } from './dto/register-schema.request';
import { type SubjectVersionPair, type SubjectVersionResponse } from './dto/subject-version.response';
import { assertMayWriteSubject, type RegistryActor, systemActor } from './registry-actor';
import {
  assertValidSubject,
  isValidSubjectName,
  parseCompatibilityLevel,
  parseSchemaId,
  type RegistryMode,
  type VersionSelector,
} from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';
import { type RegisteredSchema, SchemaLookup } from './schema-lookup';
import { RegistryError } from './schema-registry.errors';
import { type PreparedSchema, SchemaStore, type StoredSchema } from './schema-store';
import { isLive, SubjectStore, translateOwnerError } from './subject-store';

export interface RegisteredVersion {
  id: number;
  version: number;
  /** False when the subject already had the schema: no version was added. */
  created: boolean;
}

interface RegisterOptions {
  /** Subject-level compatibility to set first (Penghubung's own subjects). */
  compatibility?: CompatibilityLevel;
  /** Owner to give the subject (Penghubung's own subjects); undefined leaves it as it is. */
  ownerAgencyId?: string | null;
}

export interface SubjectListing {
  /** Include subjects whose versions are all soft-deleted. */
  deleted: boolean;
  /** Only subjects whose versions are all soft-deleted. */
  deletedOnly: boolean;
  prefix?: string;
}

/**
 * Subjects and their versions: registration (compatibility-checked, one version per schema even under
 * concurrent requests), look-up, listing and the two-step deletion, each change audited in the same
 * transaction. Also what the catalogue needs from the registry ({@link SchemaLookup}).
 */
@Injectable()
export class SubjectRegistryService extends SchemaLookup {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schemas: SchemaStore,
    private readonly subjects: SubjectStore,
    private readonly settings: RegistrySettingsService,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  async listSubjects(listing: SubjectListing): Promise<string[]> {
    // No subject name holds a control character (and PostgreSQL text cannot hold NUL at all).
    if (listing.prefix !== undefined && /\p{Cc}/u.test(listing.prefix)) return [];
    const rows: { subject: string; live: boolean }[] = await this.dataSource.query(
      `SELECT subject, bool_or(deleted_at IS NULL) AS live
         FROM subject_versions
        WHERE ($1::text IS NULL OR starts_with(subject, $1::text))
        GROUP BY subject
        ORDER BY subject`,
      [listing.prefix ?? null],
    );
    return rows
      .filter((row) => (listing.deletedOnly ? !row.live : row.live || listing.deleted))
      .map((row) => row.subject);
  }

  async listVersions(subject: string, includeDeleted: boolean, deletedOnly = false): Promise<number[]> {
    if (deletedOnly) {
      const deleted = (await this.subjects.versions(subject)).filter((version) => !isLive(version));
      if (deleted.length === 0) throw RegistryError.subjectNotFound(subject);
      return deleted.map((version) => version.version);
    }
    return (await this.subjects.visibleVersions(subject, includeDeleted)).map((version) => version.version);
  }

  /** @throws RegistryError 40401, 40402 */
  async getVersion(
    subject: string,
    selector: VersionSelector,
    includeDeleted: boolean,
  ): Promise<SubjectVersionResponse> {
    const visible = await this.subjects.visibleVersions(subject, includeDeleted);
    return this.render(this.subjects.pick(subject, visible, selector));
  }

  /** The ids of the schemas whose references name this version. */
  async referencedBy(subject: string, selector: VersionSelector): Promise<number[]> {
    const visible = await this.subjects.visibleVersions(subject, false);
    const target = this.subjects.pick(subject, visible, selector);
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT DISTINCT s.id
         FROM schemas s JOIN subject_versions sv ON sv.schema_id = s.id AND sv.deleted_at IS NULL
        WHERE s."references" @> jsonb_build_array(jsonb_build_object('subject', $1::text, 'version', $2::int))
        ORDER BY s.id`,
      [subject, target.version],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Finds the version of a subject holding this schema (same canonical JSON and references).
   * @throws RegistryError 40401 unknown subject, 42201 invalid schema, 40403 not registered in it
   */
  async lookup(
    subject: string,
    request: RegisterSchemaRequest,
    includeDeleted: boolean,
  ): Promise<SubjectVersionResponse> {
    const visible = await this.subjects.visibleVersions(subject, includeDeleted);
    const candidate = await this.schemas.prepare(request.schema, request.references);
    const id = await this.schemas.idOf(candidate.fingerprint);
    const match = id === undefined ? undefined : visible.findLast((version) => version.schemaId === id);
    if (!match) throw RegistryError.schemaNotFound();
    return this.render(match);
  }

  /** The answer of `GET /schemas/ids/{id}`, from memory after the first read. @throws RegistryError 40403 */
  async schemaLookupBody(idText: string): Promise<string> {
    return (await this.storedSchema(idText)).lookupBody;
  }

  async schemaText(idText: string): Promise<string> {
    return (await this.storedSchema(idText)).text;
  }

  async versionsOfSchema(idText: string, includeDeleted: boolean): Promise<SubjectVersionPair[]> {
    const stored = await this.storedSchema(idText);
    const rows = await this.dataSource.getRepository(SubjectVersionEntity).find({
      where: { schemaId: stored.id },
      order: { subject: 'ASC', version: 'ASC' },
    });
    return rows
      .filter((row) => includeDeleted || isLive(row))
      .map((row) => ({ subject: row.subject, version: row.version }));
  }

  async subjectsOfSchema(idText: string, includeDeleted: boolean): Promise<string[]> {
    const pairs = await this.versionsOfSchema(idText, includeDeleted);
    return [...new Set(pairs.map((pair) => pair.subject))];
  }

  /**
   * Registers a schema under a subject: the same schema again gives its id and no new version; otherwise
   * the schema must be compatible with the live versions under the subject's level.
   * @throws RegistryError 40301, 42201, 42205 (read-only, or id/version outside IMPORT mode), 409
   */
  async register(
    subject: string,
    request: RegisterSchemaRequest,
    actor: RegistryActor,
    options: RegisterOptions = {},
  ): Promise<RegisteredVersion> {
    assertValidSubject(subject);
    // Who may not write learns nothing about the schema, and costs no parsing.
    assertMayWriteSubject(actor, subject, (await this.subjects.row(subject))?.ownerAgencyId);
    const candidate = await this.schemas.prepare(request.schema, request.references);
    return this.dataSource.transaction(async (manager) => {
      // Audit entries are appended last: the audit log's lock is taken only after the schema row, so that
      // two registrations of one new schema in two subjects cannot wait for each other.
      const pending: AuditInput[] = [];
      const result = await this.registerLocked(manager, subject, request, actor, options, candidate, pending);
      await this.audit.recordMany(pending, manager);
      return result;
    });
  }

  private async registerLocked(
    manager: EntityManager,
    subject: string,
    request: RegisterSchemaRequest,
    actor: RegistryActor,
    options: RegisterOptions,
    candidate: PreparedSchema,
    pending: AuditInput[],
  ): Promise<RegisteredVersion> {
    const row = await this.lockForWrite(manager, subject, actor, options, pending);
    const { compatibility, mode } = await this.settings.effective(row, manager);
    this.assertWritable(subject, mode);
    if ((request.id !== undefined || request.version !== undefined) && mode !== 'IMPORT') {
      throw RegistryError.operationNotPermitted(
        `Subject '${subject}' is not in import mode: 'id' and 'version' may only be given in IMPORT mode`,
      );
    }
    const versions = await this.subjects.versions(subject, manager);
    const existingId = await this.schemas.idOf(candidate.fingerprint, manager);
    if (mode === 'IMPORT')
      return this.importVersion(manager, row, actor, candidate, versions, existingId, request, pending);

    const live = versions.filter(isLive);
    const same =
      existingId === undefined ? undefined : live.findLast((version) => version.schemaId === existingId);
    if (existingId !== undefined && same) return { id: existingId, version: same.version, created: false };
    const verdict = checkAgainstVersions(compatibility, candidate, await this.subjects.comparable(live));
    if (!verdict.compatible) throw RegistryError.incompatible(subject, verdict.messages);
    const id = existingId ?? (await this.schemas.insert(manager, candidate));
    return this.addVersion(manager, row, actor, id, row.lastVersion + 1, pending);
  }

  /**
   * Soft-deletes a version, or with `permanent` removes a soft-deleted one. Ids stay resolvable either way.
   * @throws RegistryError 40401, 40402, 40406, 40407, 42205, 42206, 40301
   */
  async deleteVersion(
    subject: string,
    selector: VersionSelector,
    permanent: boolean,
    actor: RegistryActor,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const row = isValidSubjectName(subject) ? await this.subjects.lock(manager, subject) : null;
      const versions = row ? await this.subjects.versions(subject, manager) : [];
      if (!row || versions.length === 0) throw RegistryError.subjectNotFound(subject);
      assertMayWriteSubject(actor, subject, row.ownerAgencyId);
      this.assertWritable(subject, (await this.settings.effective(row, manager)).mode);
      if (!permanent) {
        const live = versions.filter(isLive);
        if (selector === 'latest' && live.length === 0) throw RegistryError.subjectNotFound(subject);
        const target = this.subjects.pick(subject, selector === 'latest' ? live : versions, selector);
        if (!isLive(target)) throw RegistryError.versionSoftDeleted(subject, target.version);
        await this.subjects.assertNotReferenced(manager, subject, [target.version], true);
        await manager
          .getRepository(SubjectVersionEntity)
          .update({ subject, version: target.version }, { deletedAt: new Date() });
        await this.record(manager, actor, row, 'schema.version_deleted', {
          version: target.version,
          schemaId: target.schemaId,
          permanent: false,
        });
        return target.version;
      }
      const target = this.subjects.pick(subject, versions, selector);
      if (isLive(target)) throw RegistryError.versionNotSoftDeleted(subject, target.version);
      await this.subjects.assertNotReferenced(manager, subject, [target.version], false);
      await manager.getRepository(SubjectVersionEntity).delete({ subject, version: target.version });
      await this.record(manager, actor, row, 'schema.version_deleted', {
        version: target.version,
        schemaId: target.schemaId,
        permanent: true,
      });
      return target.version;
    });
  }

  /**
   * Soft-deletes every live version of a subject, or with `permanent` removes a soft-deleted subject's
   * versions (and its own level and mode). Answers the version numbers deleted.
   * @throws RegistryError 40401, 40404, 40405, 42205, 42206, 40301
   */
  async deleteSubject(subject: string, permanent: boolean, actor: RegistryActor): Promise<number[]> {
    return this.dataSource.transaction(async (manager) => {
      const row = isValidSubjectName(subject) ? await this.subjects.lock(manager, subject) : null;
      const versions = row ? await this.subjects.versions(subject, manager) : [];
      if (!row || versions.length === 0) throw RegistryError.subjectNotFound(subject);
      assertMayWriteSubject(actor, subject, row.ownerAgencyId);
      this.assertWritable(subject, (await this.settings.effective(row, manager)).mode);
      const live = versions.filter(isLive).map((version) => version.version);
      const all = versions.map((version) => version.version);
      if (!permanent) {
        if (live.length === 0) throw RegistryError.subjectSoftDeleted(subject);
        await this.subjects.assertNotReferenced(manager, subject, live, true);
        const now = new Date();
        await manager
          .getRepository(SubjectVersionEntity)
          .update({ subject, version: In(live) }, { deletedAt: now });
        await manager.getRepository(SubjectEntity).update({ name: subject }, { deletedAt: now });
        await this.record(manager, actor, row, 'subject.deleted', { versions: live, permanent: false });
        return live;
      }
      if (live.length > 0) throw RegistryError.subjectNotSoftDeleted(subject);
      await this.subjects.assertNotReferenced(manager, subject, all, false);
      await manager.getRepository(SubjectVersionEntity).delete({ subject });
      // As Confluent does: the subject's own level and mode go with it; its owner (the topic's) stays.
      await manager
        .getRepository(SubjectEntity)
        .update({ name: subject }, { compatibility: null, mode: null });
      await this.record(manager, actor, row, 'subject.deleted', { versions: all, permanent: true });
      return all;
    });
  }

  // ---- SchemaLookup: what the catalogue uses ----

  override async latest(subject: string): Promise<RegisteredSchema | undefined> {
    const live = (await this.subjects.versions(subject)).filter(isLive).at(-1);
    if (!live) return undefined;
    return this.registered(live.schemaId, subject, live.version);
  }

  override async byId(id: number): Promise<RegisteredSchema | undefined> {
    if (!(await this.schemas.get(id))) return undefined;
    return this.registered(id);
  }

  override async registerInternal(
    subject: string,
    schema: string,
    options: { registeredBy: string; compatibility?: string; ownerAgencyId?: string | null },
  ): Promise<RegisteredSchema> {
    const registered = await this.register(
      subject,
      { schema, references: [] },
      systemActor(options.registeredBy),
      {
        ...(options.compatibility === undefined
          ? {}
          : { compatibility: parseCompatibilityLevel(options.compatibility) }),
        ...(options.ownerAgencyId === undefined ? {} : { ownerAgencyId: options.ownerAgencyId }),
      },
    );
    return this.registered(registered.id, subject, registered.version);
  }

  override async assignOwner(subject: string, ownerAgencyId: string, assignedBy: string): Promise<void> {
    assertValidSubject(subject);
    await this.dataSource.transaction(async (manager) => {
      const existing = await this.subjects.lock(manager, subject);
      const previous = existing?.ownerAgencyId ?? null;
      if (existing && previous === ownerAgencyId) return;
      if (existing) {
        try {
          await manager.getRepository(SubjectEntity).update({ name: subject }, { ownerAgencyId });
        } catch (error) {
          throw translateOwnerError(error, ownerAgencyId);
        }
      } else {
        await this.subjects.lock(manager, subject, { ownerAgencyId });
      }
      await this.audit.record(
        {
          actor: systemActor(assignedBy).audit,
          action: 'subject.owner_assigned',
          targetType: 'subject',
          targetId: subject,
          agencyId: ownerAgencyId,
          details: { subject, owner: { from: previous, to: ownerAgencyId } },
        },
        manager,
      );
    });
  }

  // ---- helpers ----

  /** A schema by the id in a path; text that cannot be an id names no schema. @throws RegistryError 40403 */
  private async storedSchema(idText: string): Promise<StoredSchema> {
    const id = parseSchemaId(idText);
    const stored = id === undefined ? undefined : await this.schemas.get(id);
    if (!stored) throw RegistryError.schemaNotFound(idText);
    return stored;
  }

  private async registered(id: number, subject?: string, version?: number): Promise<RegisteredSchema> {
    const stored = await this.schemas.require(id);
    const prepared = await this.schemas.preparedById(id);
    return {
      id,
      ...(subject === undefined ? {} : { subject }),
      ...(version === undefined ? {} : { version }),
      schema: stored.text,
      parsed: prepared.json,
      namedTypes: { ...prepared.namedTypes },
      references: [...stored.references],
    };
  }

  private async render(version: SubjectVersionEntity): Promise<SubjectVersionResponse> {
    const stored = await this.schemas.require(version.schemaId);
    return {
      subject: version.subject,
      version: version.version,
      id: stored.id,
      schema: stored.text,
      ...(stored.references.length > 0 ? { references: [...stored.references] } : {}),
    };
  }

  private assertWritable(subject: string, mode: RegistryMode): void {
    if (mode === 'READONLY')
      throw RegistryError.operationNotPermitted(`Subject '${subject}' is in read-only mode`);
  }

  /** Locks (creating when missing) the subject row and re-checks ownership under the lock. */
  private async lockForWrite(
    manager: EntityManager,
    subject: string,
    actor: RegistryActor,
    options: RegisterOptions,
    pending: AuditInput[],
  ): Promise<SubjectEntity> {
    const row = await this.subjects.lock(manager, subject, { ownerAgencyId: options.ownerAgencyId ?? null });
    if (!row) throw RegistryError.subjectNotFound(subject);
    assertMayWriteSubject(actor, subject, row.ownerAgencyId);
    const changes: Partial<SubjectEntity> = {};
    if (options.ownerAgencyId !== undefined && options.ownerAgencyId !== row.ownerAgencyId) {
      changes.ownerAgencyId = options.ownerAgencyId;
    }
    if (options.compatibility !== undefined && options.compatibility !== row.compatibility) {
      changes.compatibility = options.compatibility;
    }
    if (Object.keys(changes).length === 0) return row;
    try {
      await manager.getRepository(SubjectEntity).update({ name: subject }, changes);
    } catch (error) {
      throw translateOwnerError(error, options.ownerAgencyId ?? null);
    }
    pending.push(
      this.auditEntry(actor, row, 'subject.config_changed', {
        ...(changes.compatibility
          ? { compatibility: { from: row.compatibility, to: changes.compatibility } }
          : {}),
        ...(changes.ownerAgencyId !== undefined
          ? { owner: { from: row.ownerAgencyId, to: changes.ownerAgencyId } }
          : {}),
      }),
    );
    return { ...row, ...changes };
  }

  private async importVersion(
    manager: EntityManager,
    row: SubjectEntity,
    actor: RegistryActor,
    candidate: PreparedSchema,
    versions: readonly SubjectVersionEntity[],
    existingId: number | undefined,
    request: RegisterSchemaRequest,
    pending: AuditInput[],
  ): Promise<RegisteredVersion> {
    const subject = row.name;
    let id: number;
    if (request.id === undefined) {
      id = existingId ?? (await this.schemas.insert(manager, candidate));
    } else {
      const holder = await this.schemas.get(request.id);
      if (holder && holder.fingerprint !== candidate.fingerprint) {
        throw RegistryError.operationNotPermitted(
          `Overwrite new schema with id ${request.id} is not permitted: id ${request.id} holds another schema`,
        );
      }
      if (!holder && existingId !== undefined) {
        throw RegistryError.operationNotPermitted(
          `This schema is already registered with id ${existingId}; it cannot also get id ${request.id}`,
        );
      }
      id = holder ? holder.id : await this.schemas.insert(manager, candidate, request.id);
    }
    if (request.version === undefined) {
      const same = versions.filter(isLive).findLast((version) => version.schemaId === id);
      if (same) return { id, version: same.version, created: false };
      return this.addVersion(manager, row, actor, id, row.lastVersion + 1, pending);
    }
    const taken = versions.find((version) => version.version === request.version);
    if (taken) {
      if (taken.schemaId === id) return { id, version: taken.version, created: false };
      throw RegistryError.operationNotPermitted(
        `Overwrite new schema with version ${request.version} is not permitted: ` +
          `version ${request.version} of subject '${subject}' holds schema ${taken.schemaId}`,
      );
    }
    return this.addVersion(manager, row, actor, id, request.version, pending);
  }

  private async addVersion(
    manager: EntityManager,
    row: SubjectEntity,
    actor: RegistryActor,
    id: number,
    version: number,
    pending: AuditInput[],
  ): Promise<RegisteredVersion> {
    await manager.getRepository(SubjectVersionEntity).insert({
      subject: row.name,
      version,
      schemaId: id,
      deletedAt: null,
      registeredBy: actor.label,
    });
    await manager
      .getRepository(SubjectEntity)
      .update({ name: row.name }, { lastVersion: Math.max(row.lastVersion, version), deletedAt: null });
    pending.push(this.auditEntry(actor, row, 'schema.registered', { version, schemaId: id }));
    return { id, version, created: true };
  }

  private auditEntry(
    actor: RegistryActor,
    row: SubjectEntity,
    action: string,
    details: Record<string, string | number | boolean | null | object>,
  ): AuditInput {
    return {
      actor: actor.audit,
      action,
      targetType: 'subject',
      targetId: row.name,
      ...(row.ownerAgencyId ? { agencyId: row.ownerAgencyId } : {}),
      details: { subject: row.name, ...details },
    };
  }

  private async record(
    manager: EntityManager,
    actor: RegistryActor,
    row: SubjectEntity,
    action: string,
    details: Record<string, string | number | boolean | null | object>,
  ): Promise<void> {
    await this.audit.record(this.auditEntry(actor, row, action, details), manager);
  }
}
