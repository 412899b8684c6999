import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AuditInput, AuditLog } from '@app/audit';
import { auditActor, type Principal, principalLabel } from '@app/auth';
import { AppError } from '@app/core';
import {
  AgencyEntity,
  DataSource,
  type DeliveryMode,
  type EntityManager,
  SubscriptionEntity,
  type SubscriptionStatus,
  TopicEntity,
} from '@app/persistence';
import { subscriptionSchema, subscriptionSubject } from '@app/routing';
import { type RegisteredSchema, SchemaLookup } from '../../schema-registry/schema-lookup';
import { CATALOGUE_OPTIONS, type CatalogueOptions } from '../catalogue-options';
import {
  assertDecisionAllowed,
  effectiveStatus,
  LIVE_STATUSES,
  type SubscriptionDecision,
  type SubscriptionParties,
} from './subscription-lifecycle';
import { type CheckedTerms, checkSubscriptionTerms } from './subscription-terms';
import { subscriptionView, type SubscriptionView } from './subscription-view';
import { subscriptionNotFound, SubscriptionTermsError } from './subscriptions.errors';
import { WebhookUrlPolicy } from './webhook-url-policy';

export interface SubscriptionRequest {
  topic: string;
  agencyId?: string;
  purpose: string;
  legalBasis: string;
  fields: string[];
  filter?: string;
  deliveryMode: DeliveryMode;
  webhookUrl?: string;
  orderedDelivery?: boolean;
  expiresAt: string;
}

export interface SubscriptionAmendment {
  purpose?: string;
  legalBasis?: string;
  fields?: string[];
  filter?: string | null;
  deliveryMode?: DeliveryMode;
  webhookUrl?: string | null;
  orderedDelivery?: boolean;
  expiresAt?: string;
}

export interface SubscriptionFilter {
  topic?: string;
  agencyId?: string;
  status?: SubscriptionStatus;
}

const DAY_MS = 86_400_000;
const SWEEP_BATCH = 500;
const SYSTEM_ACTOR = { type: 'system' as const, id: 'registry' };

/**
 * Subscriptions: requested by an agency (or an admin on its behalf) with purpose, legal basis, the fields
 * it needs and an optional filter, both checked against the topic's latest schema; decided by the topic's
 * owner or an admin. Seen only by the subscriber, the topic's owner and admins — anyone else gets 404.
 *
 * Amendment model: amending creates a NEW pending subscription that `supersedes` the old one. The old one
 * keeps receiving exactly its approved fields until the amendment is approved; approval then ends it
 * (reason `superseded by <id>`). A rejected amendment leaves the old one as it was.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly schemas: SchemaLookup,
    private readonly webhooks: WebhookUrlPolicy,
    @Inject(CATALOGUE_OPTIONS) private readonly options: CatalogueOptions,
  ) {}

  async request(principal: Principal, input: SubscriptionRequest): Promise<SubscriptionView> {
    const agencyId = subscriberFor(principal, input.agencyId);
    const webhookUrl = deliveryTarget(input.deliveryMode, input.webhookUrl ?? null);
    const orderedDelivery = deliveryOrder(input.deliveryMode, input.orderedDelivery);
    const expiresAt = this.checkExpiry(input.expiresAt);
    const agency = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: agencyId });
    if (!agency) throw AppError.notFound(`agency '${agencyId}' not found`);
    if (agency.status !== 'active') throw AppError.conflict(`agency '${agencyId}' is suspended`);
    const topic = await this.topic(input.topic);
    const terms = await this.checkTerms(topic, input.fields, filterText(input.filter));
    if (webhookUrl !== null) await this.webhooks.check(webhookUrl);

    const subscription = this.dataSource.getRepository(SubscriptionEntity).create({
      id: randomUUID(),
      topic: topic.name,
      agencyId,
      purpose: input.purpose,
      legalBasis: input.legalBasis,
      fields: terms.fields,
      filter: terms.filter,
      deliveryMode: input.deliveryMode,
      webhookUrl,
      orderedDelivery,
      expiresAt,
      status: 'pending',
      statusReason: null,
      decidedBy: null,
      decidedAt: null,
      projectedSubject: null,
      supersedes: null,
      createdBy: principalLabel(principal),
    });
    const saved = await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(SubscriptionEntity).insert(subscription);
      const row = await tx.getRepository(SubscriptionEntity).findOneByOrFail({ id: subscription.id });
      await this.audit.record(entry(principal, 'subscription.requested', row, termsDetails(row)), tx);
      return row;
    });
    return subscriptionView(saved, { showWebhookUrl: true });
  }

  /** Admins: all; an agency: its own subscriptions and those to the topics it owns. */
  async list(principal: Principal, filter: SubscriptionFilter): Promise<SubscriptionView[]> {
    const now = new Date();
    const query = this.dataSource.getRepository(SubscriptionEntity).createQueryBuilder('subscription');
    if (principal.kind === 'agency') {
      query.andWhere(
        '(subscription.agencyId = :self OR subscription.topic IN ' +
          '(SELECT owned.name FROM topics owned WHERE owned.owner_agency_id = :self))',
        { self: principal.agencyId },
      );
    }
    if (filter.topic !== undefined) query.andWhere('subscription.topic = :topic', { topic: filter.topic });
    if (filter.agencyId !== undefined) {
      query.andWhere('subscription.agencyId = :agencyId', { agencyId: filter.agencyId });
    }
    if (filter.status === 'expired') {
      query.andWhere(
        "(subscription.status = 'expired' OR " +
          '(subscription.status IN (:...live) AND subscription.expiresAt <= :now))',
        { live: LIVE_STATUSES, now },
      );
    } else if (filter.status !== undefined) {
      query.andWhere('subscription.status = :status', { status: filter.status });
      if (LIVE_STATUSES.includes(filter.status)) query.andWhere('subscription.expiresAt > :now', { now });
    }
    const rows = await query.orderBy('subscription.createdAt', 'DESC').getMany();
    return rows.map((row) =>
      subscriptionView(row, {
        showWebhookUrl: principal.kind === 'admin' || row.agencyId === principal.agencyId,
        now,
      }),
    );
  }

  async get(principal: Principal, id: string): Promise<SubscriptionView> {
    const { subscription, parties } = await this.visible(principal, id);
    return subscriptionView(subscription, { showWebhookUrl: parties.admin || parties.subscriber });
  }

  async decide(
    principal: Principal,
    id: string,
    decision: SubscriptionDecision,
    reason: string,
  ): Promise<SubscriptionView> {
    const { subscription, topic, parties } = await this.visible(principal, id);
    const status = effectiveStatus(subscription);
    const suspendedBySubscriber =
      status === 'suspended' && subscription.decidedBy === `agency:${subscription.agencyId}`;
    const rule = assertDecisionAllowed(decision, parties, status, suspendedBySubscriber);
    const by = principalLabel(principal);

    let projected: { subject: string; fields: string[] } | undefined;
    if (decision === 'approve') {
      projected = await this.registerProjectedSchema(subscription, topic, by);
    }

    const saved = await this.dataSource.transaction(async (tx) => {
      const current = await lock(tx, id);
      if (current.status !== subscription.status || current.rowVersion !== subscription.rowVersion) {
        throw AppError.conflict(`subscription ${id} changed while this decision was made; read it and retry`);
      }
      const now = new Date();
      current.status = rule.to;
      current.statusReason = reason;
      current.decidedBy = by;
      current.decidedAt = now;
      if (projected) {
        current.projectedSubject = projected.subject;
        current.fields = projected.fields;
      }
      const row = await tx.getRepository(SubscriptionEntity).save(current);
      const entries: AuditInput[] = [
        entry(principal, rule.action, row, {
          reason,
          from: status,
          to: rule.to,
          ...(projected ? { projectedSubject: projected.subject, fields: projected.fields } : {}),
        }),
      ];
      if (decision === 'approve' && row.supersedes !== null) {
        const replaced = await this.endSuperseded(tx, row, by, now);
        if (replaced) {
          entries.push(
            entry(principal, 'subscription.ended', replaced, {
              reason: replaced.statusReason,
              supersededBy: row.id,
            }),
          );
        }
      }
      await this.audit.recordMany(entries, tx);
      return row;
    });
    return subscriptionView(saved, { showWebhookUrl: parties.admin || parties.subscriber });
  }

  /** A new pending subscription with the changes, superseding `id` once approved. */
  async amend(principal: Principal, id: string, changes: SubscriptionAmendment): Promise<SubscriptionView> {
    const { subscription: old, topic, parties } = await this.visible(principal, id);
    if (!parties.admin && !parties.subscriber) {
      throw AppError.forbidden('only the subscriber (or an admin) may amend a subscription');
    }
    const status = effectiveStatus(old);
    if (status !== 'active' && status !== 'suspended') {
      throw AppError.conflict(
        `cannot amend a subscription that is ${status}; ` +
          (status === 'pending' ? 'end it and request anew' : 'request a new one'),
      );
    }
    const deliveryMode = changes.deliveryMode ?? old.deliveryMode;
    const requestedUrl =
      changes.webhookUrl !== undefined
        ? changes.webhookUrl
        : deliveryMode === 'webhook'
          ? old.webhookUrl
          : null;
    const webhookUrl = deliveryTarget(deliveryMode, requestedUrl);
    // Carried over like the URL: only while the amended subscription is still a webhook one.
    const orderedDelivery = deliveryOrder(
      deliveryMode,
      changes.orderedDelivery ?? (deliveryMode === 'webhook' ? old.orderedDelivery : undefined),
    );
    const expiresAt = changes.expiresAt === undefined ? old.expiresAt : this.checkExpiry(changes.expiresAt);
    const filter = changes.filter === undefined ? old.filter : filterText(changes.filter);
    const terms = await this.checkTerms(topic, changes.fields ?? old.fields, filter);
    if (webhookUrl !== null) await this.webhooks.check(webhookUrl);

    const amendment = this.dataSource.getRepository(SubscriptionEntity).create({
      id: randomUUID(),
      topic: old.topic,
      agencyId: old.agencyId,
      purpose: changes.purpose ?? old.purpose,
      legalBasis: changes.legalBasis ?? old.legalBasis,
      fields: terms.fields,
      filter: terms.filter,
      deliveryMode,
      webhookUrl,
      orderedDelivery,
      expiresAt,
      status: 'pending',
      statusReason: null,
      decidedBy: null,
      decidedAt: null,
      projectedSubject: null,
      supersedes: old.id,
      createdBy: principalLabel(principal),
    });
    const saved = await this.dataSource.transaction(async (tx) => {
      await lock(tx, old.id);
      const now = new Date();
      const pending = await tx
        .getRepository(SubscriptionEntity)
        .findBy({ supersedes: old.id, status: 'pending' });
      const open = pending.find((row) => row.expiresAt.getTime() > now.getTime());
      if (open) {
        throw AppError.conflict(
          `subscription ${old.id} already has a pending amendment (${open.id}); end it or wait for its decision`,
        );
      }
      // Amendments that lapsed while pending no longer block a new one: mark them as the sweep would.
      const lapsed = markExpired(pending, now);
      if (pending.length > 0) await tx.getRepository(SubscriptionEntity).save(pending);
      await tx.getRepository(SubscriptionEntity).insert(amendment);
      const row = await tx.getRepository(SubscriptionEntity).findOneByOrFail({ id: amendment.id });
      await this.audit.recordMany(
        [
          ...lapsed,
          entry(principal, 'subscription.amended', row, {
            supersedes: old.id,
            changed: Object.keys(changes).sort(),
            ...termsDetails(row),
          }),
        ],
        tx,
      );
      return row;
    });
    return subscriptionView(saved, { showWebhookUrl: true });
  }

  /**
   * Marks live subscriptions whose expiry has passed as `expired`, each with an audit entry. Safe to run
   * from several processes at once (rows are claimed with SKIP LOCKED). Returns how many it expired.
   */
  async expireDue(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (tx) => {
        const due = await tx
          .getRepository(SubscriptionEntity)
          .createQueryBuilder('subscription')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('subscription.status IN (:...live)', { live: LIVE_STATUSES })
          .andWhere('subscription.expiresAt <= :now', { now })
          .orderBy('subscription.expiresAt', 'ASC')
          .limit(SWEEP_BATCH)
          .getMany();
        if (due.length === 0) return 0;
        const entries = markExpired(due, now);
        await tx.getRepository(SubscriptionEntity).save(due);
        await this.audit.recordMany(entries, tx);
        return due.length;
      });
      total += expired;
      if (expired < SWEEP_BATCH) return total;
    }
  }

  /** The subscription with the caller's parties to it; 404 for anyone who is none of them. */
  private async visible(
    principal: Principal,
    id: string,
  ): Promise<{ subscription: SubscriptionEntity; topic: TopicEntity; parties: SubscriptionParties }> {
    const subscription = await this.dataSource.getRepository(SubscriptionEntity).findOneBy({ id });
    if (!subscription) throw subscriptionNotFound(id);
    const topic = await this.dataSource
      .getRepository(TopicEntity)
      .findOneByOrFail({ name: subscription.topic });
    const parties: SubscriptionParties = {
      admin: principal.kind === 'admin',
      owner: principal.kind === 'agency' && principal.agencyId === topic.ownerAgencyId,
      subscriber: principal.kind === 'agency' && principal.agencyId === subscription.agencyId,
    };
    if (!parties.admin && !parties.owner && !parties.subscriber) throw subscriptionNotFound(id);
    return { subscription, topic, parties };
  }

  private async topic(name: string): Promise<TopicEntity> {
    const topic = await this.dataSource.getRepository(TopicEntity).findOneBy({ name });
    if (!topic) throw AppError.notFound(`topic '${name}' not found`);
    return topic;
  }

  private async latestSchema(topic: TopicEntity): Promise<RegisteredSchema> {
    const latest = await this.schemas.latest(topic.subject);
    if (!latest) {
      throw AppError.conflict(
        `topic '${topic.name}' has no schema yet: one must be registered under subject ${topic.subject} ` +
          'before subscriptions can be requested or approved',
      );
    }
    if (latest.references.length > 0) {
      throw AppError.schemaViolation(
        `the schema of ${topic.subject} uses schema references, which subscriptions do not support yet`,
      );
    }
    return latest;
  }

  private async checkTerms(
    topic: TopicEntity,
    fields: string[],
    filter: string | null,
  ): Promise<CheckedTerms> {
    const schema = await this.latestSchema(topic);
    try {
      return checkSubscriptionTerms(schema.parsed, fields, filter);
    } catch (error) {
      if (error instanceof SubscriptionTermsError) throw error.toRequestError();
      throw error;
    }
  }

  /**
   * Re-checks the stored terms against the topic's latest schema and registers the projected schema the
   * subscriber decodes with. Outside the decision's transaction: the registry audits in its own.
   */
  private async registerProjectedSchema(
    subscription: SubscriptionEntity,
    topic: TopicEntity,
    registeredBy: string,
  ): Promise<{ subject: string; fields: string[] }> {
    const schema = await this.latestSchema(topic);
    let terms: CheckedTerms;
    try {
      terms = checkSubscriptionTerms(schema.parsed, subscription.fields, subscription.filter);
    } catch (error) {
      if (error instanceof SubscriptionTermsError) throw error.toApprovalError(topic.subject);
      throw error;
    }
    const subject = subscriptionSubject(subscription.id);
    await this.schemas.registerInternal(
      subject,
      JSON.stringify(subscriptionSchema(schema.parsed, terms.fields)),
      {
        registeredBy,
        compatibility: 'NONE',
      },
    );
    return { subject, fields: terms.fields };
  }

  private async endSuperseded(
    tx: EntityManager,
    amendment: SubscriptionEntity,
    by: string,
    now: Date,
  ): Promise<SubscriptionEntity | undefined> {
    const old = await lock(tx, amendment.supersedes ?? '');
    const status = effectiveStatus(old, now);
    if (status !== 'active' && status !== 'suspended') return undefined;
    old.status = 'ended';
    old.statusReason = `superseded by ${amendment.id}`;
    old.decidedBy = by;
    old.decidedAt = now;
    return tx.getRepository(SubscriptionEntity).save(old);
  }

  private checkExpiry(text: string): Date {
    const expiresAt = new Date(text);
    const now = Date.now();
    if (Number.isNaN(expiresAt.getTime()))
      throw AppError.badRequest(`expiresAt '${text}' is not a date-time`);
    if (expiresAt.getTime() <= now) throw AppError.badRequest('expiresAt must lie in the future');
    const maxDays = this.options.subscriptionMaxExpiryDays;
    if (expiresAt.getTime() > now + maxDays * DAY_MS) {
      throw AppError.badRequest(`expiresAt may lie at most ${maxDays} days ahead`);
    }
    return expiresAt;
  }
}

/** The subscribing agency: an agency subscribes for itself; an admin names the agency. */
function subscriberFor(principal: Principal, agencyId: string | undefined): string {
  if (principal.kind === 'admin') {
    if (agencyId === undefined) throw AppError.badRequest('agencyId is required when an admin requests');
    return agencyId;
  }
  if (agencyId !== undefined && agencyId !== principal.agencyId) {
    throw AppError.forbidden('an agency may request subscriptions only for itself');
  }
  return principal.agencyId;
}

/** The filter as written (positions in errors refer to it); blank means none. */
function filterText(filter: string | null | undefined): string | null {
  return filter === undefined || filter === null || filter.trim() === '' ? null : filter;
}

/** The webhook URL that goes with a delivery mode (its reachability is checked separately). */
function deliveryTarget(mode: DeliveryMode, webhookUrl: string | null): string | null {
  if (mode === 'webhook') {
    if (!webhookUrl) throw AppError.badRequest('webhookUrl is required for deliveryMode webhook');
    return webhookUrl;
  }
  if (webhookUrl) throw AppError.badRequest(`webhookUrl is only for deliveryMode webhook, not ${mode}`);
  return null;
}

/**
 * Whether records of one key are delivered in order: a webhook subscription chooses (default true); Kafka
 * and pull subscribers read in their own order, so turning it off there is a mistake worth a 400.
 */
function deliveryOrder(mode: DeliveryMode, orderedDelivery: boolean | undefined): boolean {
  if (orderedDelivery === false && mode !== 'webhook') {
    throw AppError.badRequest(
      `orderedDelivery: false is only for deliveryMode webhook, not ${mode} (its subscriber reads in its own order)`,
    );
  }
  return orderedDelivery ?? true;
}

/** Sets lapsed rows to `expired` (in memory) and returns their audit entries. */
function markExpired(rows: SubscriptionEntity[], now: Date): AuditInput[] {
  return rows.map((row) => {
    const from = row.status;
    row.status = 'expired';
    row.statusReason = `expired at ${row.expiresAt.toISOString()}`;
    row.decidedBy = `system:${SYSTEM_ACTOR.id}`;
    row.decidedAt = now;
    return {
      actor: SYSTEM_ACTOR,
      action: 'subscription.expired',
      targetType: 'subscription',
      targetId: row.id,
      agencyId: row.agencyId,
      topic: row.topic,
      details: { from, expiresAt: row.expiresAt.toISOString() },
    };
  });
}

async function lock(tx: EntityManager, id: string): Promise<SubscriptionEntity> {
  const row = await tx
    .getRepository(SubscriptionEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!row) throw subscriptionNotFound(id);
  return row;
}

function entry(
  principal: Principal,
  action: string,
  subscription: SubscriptionEntity,
  details: Record<string, string | number | boolean | null | object>,
): AuditInput {
  return {
    actor: auditActor(principal),
    action,
    targetType: 'subscription',
    targetId: subscription.id,
    agencyId: subscription.agencyId,
    topic: subscription.topic,
    details,
  };
}

/** What the audit keeps of a request: everything but the webhook URL's path and query (may hold tokens). */
function termsDetails(subscription: SubscriptionEntity): Record<string, string | string[] | boolean | null> {
  return {
    purpose: subscription.purpose,
    legalBasis: subscription.legalBasis,
    fields: subscription.fields,
    filter: subscription.filter,
    deliveryMode: subscription.deliveryMode,
    webhookHost: subscription.webhookUrl === null ? null : new URL(subscription.webhookUrl).host,
    orderedDelivery: subscription.orderedDelivery,
    expiresAt: subscription.expiresAt.toISOString(),
  };
}
