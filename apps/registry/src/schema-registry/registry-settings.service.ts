import { Injectable } from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { type CompatibilityLevel } from '@app/avro';
import {
  DataSource,
  type EntityManager,
  RegistrySettingEntity,
  SubjectEntity,
  SubjectVersionEntity,
} from '@app/persistence';
import { assertMayWriteGlobal, assertMayWriteSubject, type RegistryActor } from './registry-actor';
import {
  assertValidSubject,
  isValidSubjectName,
  parseCompatibilityLevel,
  parseMode,
  type RegistryMode,
} from './registry-input';
import { RegistryError } from './schema-registry.errors';

export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';
export const DEFAULT_MODE: RegistryMode = 'READWRITE';

type SettingKey = 'compatibility' | 'mode';

/** Compatibility level and mode, globally and per subject (`/config`, `/mode`). */
@Injectable()
export class RegistrySettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async globalCompatibility(manager: EntityManager = this.dataSource.manager): Promise<CompatibilityLevel> {
    const value = await this.readGlobal('compatibility', manager);
    return value === undefined ? DEFAULT_COMPATIBILITY : parseCompatibilityLevel(value);
  }

  async globalMode(manager: EntityManager = this.dataSource.manager): Promise<RegistryMode> {
    const value = await this.readGlobal('mode', manager);
    return value === undefined ? DEFAULT_MODE : parseMode(value);
  }

  /** The level and mode that apply to a subject: its own, else the global ones. */
  async effective(
    subject: Pick<SubjectEntity, 'compatibility' | 'mode'> | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ compatibility: CompatibilityLevel; mode: RegistryMode }> {
    return {
      compatibility: subject?.compatibility
        ? parseCompatibilityLevel(subject.compatibility)
        : await this.globalCompatibility(manager),
      mode: subject?.mode ? parseMode(subject.mode) : await this.globalMode(manager),
    };
  }

  async setGlobalCompatibility(level: CompatibilityLevel, actor: RegistryActor): Promise<CompatibilityLevel> {
    assertMayWriteGlobal(actor, 'compatibility level');
    await this.writeGlobal('compatibility', level, actor, 'registry.config_changed');
    return level;
  }

  /** Back to the default level; answers the level that was set. */
  async resetGlobalCompatibility(actor: RegistryActor): Promise<CompatibilityLevel> {
    assertMayWriteGlobal(actor, 'compatibility level');
    const previous = await this.writeGlobal(
      'compatibility',
      DEFAULT_COMPATIBILITY,
      actor,
      'registry.config_changed',
    );
    return previous === undefined ? DEFAULT_COMPATIBILITY : parseCompatibilityLevel(previous);
  }

  /** @throws RegistryError 42205 when IMPORT is asked while subjects have versions, unless `force` */
  async setGlobalMode(mode: RegistryMode, force: boolean, actor: RegistryActor): Promise<RegistryMode> {
    assertMayWriteGlobal(actor, 'mode');
    await this.dataSource.transaction(async (manager) => {
      if (mode === 'IMPORT' && !force) {
        const any = await manager
          .getRepository(SubjectVersionEntity)
          .findOne({ select: { subject: true }, where: {} });
        if (any) {
          throw RegistryError.operationNotPermitted(
            'Cannot import since found existing subjects: set force=true to switch to IMPORT anyway',
          );
        }
      }
      await this.writeGlobal('mode', mode, actor, 'registry.mode_changed', manager);
    });
    return mode;
  }

  /** @throws RegistryError 40408 when the subject has no level of its own and `defaultToGlobal` is not set */
  async subjectCompatibility(subject: string, defaultToGlobal: boolean): Promise<CompatibilityLevel> {
    const row = isValidSubjectName(subject)
      ? await this.dataSource.getRepository(SubjectEntity).findOneBy({ name: subject })
      : null;
    if (row?.compatibility) return parseCompatibilityLevel(row.compatibility);
    if (defaultToGlobal) return this.globalCompatibility();
    throw RegistryError.compatibilityNotConfigured(subject);
  }

  /** @throws RegistryError 40409 when the subject has no mode of its own and `defaultToGlobal` is not set */
  async subjectMode(subject: string, defaultToGlobal: boolean): Promise<RegistryMode> {
    const row = isValidSubjectName(subject)
      ? await this.dataSource.getRepository(SubjectEntity).findOneBy({ name: subject })
      : null;
    if (row?.mode) return parseMode(row.mode);
    if (defaultToGlobal) return this.globalMode();
    throw RegistryError.modeNotConfigured(subject);
  }

  async setSubjectCompatibility(
    subject: string,
    level: CompatibilityLevel,
    actor: RegistryActor,
  ): Promise<CompatibilityLevel> {
    await this.changeSubject(subject, actor, { create: true }, async (row, manager) => {
      const previous = row.compatibility;
      await manager.getRepository(SubjectEntity).update({ name: subject }, { compatibility: level });
      await this.recordSubjectChange(manager, actor, row, 'subject.config_changed', {
        compatibility: { from: previous, to: level },
      });
    });
    return level;
  }

  /** Removes the subject's own level (the global one applies again); answers the level it had. */
  async deleteSubjectCompatibility(subject: string, actor: RegistryActor): Promise<CompatibilityLevel> {
    return this.changeSubject(subject, actor, { create: false }, async (row, manager) => {
      if (!row.compatibility) throw RegistryError.compatibilityNotConfigured(subject);
      await manager.getRepository(SubjectEntity).update({ name: subject }, { compatibility: null });
      await this.recordSubjectChange(manager, actor, row, 'subject.config_changed', {
        compatibility: { from: row.compatibility, to: null },
      });
      return parseCompatibilityLevel(row.compatibility);
    });
  }

  /** @throws RegistryError 42205 when IMPORT is asked for a subject that has versions, unless `force` */
  async setSubjectMode(
    subject: string,
    mode: RegistryMode,
    force: boolean,
    actor: RegistryActor,
  ): Promise<RegistryMode> {
    await this.changeSubject(subject, actor, { create: true }, async (row, manager) => {
      if (mode === 'IMPORT' && !force) {
        const any = await manager.getRepository(SubjectVersionEntity).findOne({
          select: { subject: true },
          where: { subject },
        });
        if (any) {
          throw RegistryError.operationNotPermitted(
            `Cannot import since subject '${subject}' has versions: set force=true to switch to IMPORT anyway`,
          );
        }
      }
      await manager.getRepository(SubjectEntity).update({ name: subject }, { mode });
      await this.recordSubjectChange(manager, actor, row, 'subject.mode_changed', {
        mode: { from: row.mode, to: mode },
      });
    });
    return mode;
  }

  async deleteSubjectMode(subject: string, actor: RegistryActor): Promise<RegistryMode> {
    return this.changeSubject(subject, actor, { create: false }, async (row, manager) => {
      if (!row.mode) throw RegistryError.modeNotConfigured(subject);
      await manager.getRepository(SubjectEntity).update({ name: subject }, { mode: null });
      await this.recordSubjectChange(manager, actor, row, 'subject.mode_changed', {
        mode: { from: row.mode, to: null },
      });
      return parseMode(row.mode);
    });
  }

  /**
   * Runs a change of one subject in a transaction holding the subject's row lock, after the ownership
   * check. `create`: a missing subject is created (without owner, so only an admin gets this far).
   */
  private async changeSubject<T>(
    subject: string,
    actor: RegistryActor,
    { create }: { create: boolean },
    change: (row: SubjectEntity, manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    assertValidSubject(subject);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SubjectEntity);
      let row = await repository.findOne({ where: { name: subject }, lock: { mode: 'pessimistic_write' } });
      assertMayWriteSubject(actor, subject, row?.ownerAgencyId);
      if (!row) {
        if (!create) throw RegistryError.subjectNotFound(subject);
        await manager.query('INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [
          subject,
        ]);
        row = await repository.findOneOrFail({
          where: { name: subject },
          lock: { mode: 'pessimistic_write' },
        });
      }
      return change(row, manager);
    });
  }

  private async recordSubjectChange(
    manager: EntityManager,
    actor: RegistryActor,
    row: SubjectEntity,
    action: string,
    details: Record<string, object>,
  ): Promise<void> {
    await this.audit.record(
      {
        actor: actor.audit,
        action,
        targetType: 'subject',
        targetId: row.name,
        ...(row.ownerAgencyId ? { agencyId: row.ownerAgencyId } : {}),
        details: { subject: row.name, ...details },
      },
      manager,
    );
  }

  private async readGlobal(key: SettingKey, manager: EntityManager): Promise<string | undefined> {
    const row = await manager.getRepository(RegistrySettingEntity).findOneBy({ key });
    return row?.value;
  }

  /** Writes a global setting with its audit entry; answers the value it had. */
  private async writeGlobal(
    key: SettingKey,
    value: string,
    actor: RegistryActor,
    action: string,
    manager?: EntityManager,
  ): Promise<string | undefined> {
    const run = async (tx: EntityManager): Promise<string | undefined> => {
      const previous = await tx.getRepository(RegistrySettingEntity).findOne({
        where: { key },
        lock: { mode: 'pessimistic_write' },
      });
      await tx.query(
        'INSERT INTO registry_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
        [key, value],
      );
      await this.audit.record(
        {
          actor: actor.audit,
          action,
          targetType: 'registry',
          targetId: key,
          details: { [key]: { from: previous?.value ?? null, to: value } },
        },
        tx,
      );
      return previous?.value;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }
}
