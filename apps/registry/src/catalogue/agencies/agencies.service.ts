import { Injectable } from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { ApiKeyAuthenticator, assertAdmin, auditActor, type Principal } from '@app/auth';
import { AppError } from '@app/core';
import { AgencyEntity, type AgencyStatus, DataSource, type EntityManager } from '@app/persistence';
import { isUniqueViolation } from '../database-errors';
import { type AgencyView, agencyView } from './agency-view';

export interface NewAgency {
  id: string;
  name: string;
  contact?: string;
}

export interface AgencyChanges {
  name?: string;
  contact?: string | null;
}

/**
 * Agencies: created, changed, suspended and reactivated by admins. An agency may read itself; it never
 * sees the contact details of another (other agencies appear only as topic owners in the catalogue).
 */
@Injectable()
export class AgenciesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async create(principal: Principal, input: NewAgency): Promise<AgencyView> {
    assertAdmin(principal);
    const repository = this.dataSource.getRepository(AgencyEntity);
    if (await repository.existsBy({ id: input.id })) {
      throw AppError.conflict(`agency '${input.id}' already exists`);
    }
    try {
      return await this.dataSource.transaction(async (tx) => {
        const agency = tx.getRepository(AgencyEntity).create({
          id: input.id,
          name: input.name,
          contact: input.contact || null,
          status: 'active',
        });
        await tx.getRepository(AgencyEntity).insert(agency);
        const saved = await tx.getRepository(AgencyEntity).findOneByOrFail({ id: input.id });
        await this.audit.record(
          {
            actor: auditActor(principal),
            action: 'agency.created',
            targetType: 'agency',
            targetId: saved.id,
            agencyId: saved.id,
            details: { name: saved.name, contact: saved.contact },
          },
          tx,
        );
        return agencyView(saved);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict(`agency '${input.id}' already exists`);
      throw error;
    }
  }

  /** Admins: every agency; an agency: itself. */
  async list(principal: Principal): Promise<AgencyView[]> {
    const repository = this.dataSource.getRepository(AgencyEntity);
    const agencies =
      principal.kind === 'admin'
        ? await repository.find({ order: { id: 'ASC' } })
        : await repository.findBy({ id: principal.agencyId });
    return agencies.map(agencyView);
  }

  async get(principal: Principal, id: string): Promise<AgencyView> {
    if (principal.kind !== 'admin' && principal.agencyId !== id) throw notFound(id);
    const agency = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id });
    if (!agency) throw notFound(id);
    return agencyView(agency);
  }

  async update(principal: Principal, id: string, changes: AgencyChanges): Promise<AgencyView> {
    assertAdmin(principal);
    return this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, id);
      const before = { name: agency.name, contact: agency.contact };
      if (changes.name !== undefined) agency.name = changes.name;
      if (changes.contact !== undefined) agency.contact = changes.contact || null;
      const saved = await tx.getRepository(AgencyEntity).save(agency);
      await this.audit.record(
        {
          actor: auditActor(principal),
          action: 'agency.updated',
          targetType: 'agency',
          targetId: id,
          agencyId: id,
          details: { before, after: { name: saved.name, contact: saved.contact } },
        },
        tx,
      );
      return agencyView(saved);
    });
  }

  /** A suspended agency's keys are refused (403) and it neither publishes nor receives. */
  suspend(principal: Principal, id: string, reason: string): Promise<AgencyView> {
    return this.changeStatus(principal, id, 'suspended', reason);
  }

  reactivate(principal: Principal, id: string, reason: string): Promise<AgencyView> {
    return this.changeStatus(principal, id, 'active', reason);
  }

  private async changeStatus(
    principal: Principal,
    id: string,
    status: AgencyStatus,
    reason: string,
  ): Promise<AgencyView> {
    assertAdmin(principal);
    const view = await this.dataSource.transaction(async (tx) => {
      const agency = await lockAgency(tx, id);
      if (agency.status === status) {
        throw AppError.conflict(`agency '${id}' is already ${status}`);
      }
      agency.status = status;
      const saved = await tx.getRepository(AgencyEntity).save(agency);
      await this.audit.record(
        {
          actor: auditActor(principal),
          action: status === 'suspended' ? 'agency.suspended' : 'agency.reactivated',
          targetType: 'agency',
          targetId: id,
          agencyId: id,
          details: { reason },
        },
        tx,
      );
      return agencyView(saved);
    });
    // This process stops trusting cached keys at once; other apps within their AUTH_CACHE_TTL_MS.
    this.authenticator.invalidate();
    return view;
  }
}

function notFound(id: string): AppError {
  return AppError.notFound(`agency '${id}' not found`);
}

async function lockAgency(tx: EntityManager, id: string): Promise<AgencyEntity> {
  const agency = await tx
    .getRepository(AgencyEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!agency) throw notFound(id);
  return agency;
}
