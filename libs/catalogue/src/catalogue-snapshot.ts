import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type DeliveryMode, type SubscriptionStatus } from '@app/persistence';

export interface TopicView {
  name: string;
  ownerAgencyId: string;
  subject: string;
  classification: string;
}

export interface SubscriptionView {
  id: string;
  topic: string;
  agencyId: string;
  fields: string[];
  filter: string | null;
  deliveryMode: DeliveryMode;
  webhookUrl: string | null;
  /**
   * Webhooks: records of one key are sent in order (one at a time); false sends each on its own. Always set
   * by the snapshot; optional only so that views built by hand (the router's tests) need not name it —
   * absent means true.
   */
  orderedDelivery?: boolean;
  status: SubscriptionStatus;
  expiresAt: Date;
  projectedSubject: string | null;
}

export interface CatalogueState {
  topics: ReadonlyMap<string, TopicView>;
  /** Active, unexpired subscriptions of active agencies, by topic. */
  subscriptionsByTopic: ReadonlyMap<string, readonly SubscriptionView[]>;
  /** Every schema id ever registered in a subject (soft-deleted versions included: records in flight). */
  schemaIdsBySubject: ReadonlyMap<string, ReadonlySet<number>>;
  /** Latest live version of each subject. */
  latestBySubject: ReadonlyMap<string, { version: number; schemaId: number }>;
  /** Live versions of each subject: version → schema id. */
  versionsBySubject: ReadonlyMap<string, ReadonlyMap<number, number>>;
  loadedAt: Date;
}

export const CATALOGUE_REFRESH_MS = Symbol('CATALOGUE_REFRESH_MS');

const EMPTY: CatalogueState = {
  topics: new Map(),
  subscriptionsByTopic: new Map(),
  schemaIdsBySubject: new Map(),
  latestBySubject: new Map(),
  versionsBySubject: new Map(),
  loadedAt: new Date(0),
};

/**
 * The part of the catalogue the data plane needs, loaded from PostgreSQL and refreshed every few seconds,
 * so that approvals, suspensions, expiries and new topics take effect without a restart. Readers get an
 * immutable state object: a refresh never changes what a batch in progress sees.
 */
@Injectable()
export class CatalogueSnapshot implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogueSnapshot.name);
  private state: CatalogueState = EMPTY;
  private timer?: NodeJS.Timeout;
  private readonly listeners = new Set<(state: CatalogueState) => void>();
  private pending?: Promise<CatalogueState>;
  // Monotonic times (performance.now()) of the last read's start and of the read the state comes from.
  private lastRefresh = -Infinity;
  private stateReadAt = -Infinity;
  private pendingStartedAt = -Infinity;
  private scheduled?: Promise<CatalogueState>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CATALOGUE_REFRESH_MS) private readonly refreshMs: number,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn({
          msg: 'catalogue refresh failed; keeping the previous state',
          error: String(error),
        }),
      );
    }, this.refreshMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  current(): CatalogueState {
    return this.state;
  }

  onChange(listener: (state: CatalogueState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A state read from the database after this call began: what a caller needs before it answers "no such
   * topic" or "unknown schema" for something created a moment ago. Callers share reads, and reads are at
   * least `minIntervalMs` apart, so a miss costs at most that long.
   */
  async fresh(minIntervalMs = 250): Promise<CatalogueState> {
    const since = performance.now();
    for (;;) {
      if (this.stateReadAt >= since) return this.state;
      // A read not started yet will start after this call.
      if (this.scheduled) return this.scheduled;
      if (this.pending) {
        if (this.pendingStartedAt >= since) return this.pending;
        await this.pending.catch(() => undefined);
        continue;
      }
      const wait = this.lastRefresh + minIntervalMs - performance.now();
      if (wait <= 0) {
        // Started on the next turn of the event loop, so that callers of this one join it.
        this.scheduled ??= new Promise((resolve) => setImmediate(resolve)).then(() => {
          this.scheduled = undefined;
          return this.refresh();
        });
        return this.scheduled;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Reads the catalogue now (joining a read that is already running). */
  refresh(): Promise<CatalogueState> {
    if (this.pending) return this.pending;
    const startedAt = performance.now();
    this.lastRefresh = startedAt;
    this.pendingStartedAt = startedAt;
    const pending = this.read().then((state) => {
      // An older read finishing late must not replace a newer state.
      if (startedAt >= this.stateReadAt) {
        this.stateReadAt = startedAt;
        this.state = state;
        for (const listener of this.listeners) listener(state);
      }
      return this.state;
    });
    this.pending = pending.finally(() => {
      if (this.pending === tracked) this.pending = undefined;
    });
    const tracked = this.pending;
    return tracked;
  }

  private async read(): Promise<CatalogueState> {
    const [topics, subscriptions, versions] = await Promise.all([
      this.dataSource.query<
        { name: string; owner_agency_id: string; subject: string; classification: string }[]
      >(
        `SELECT t.name, t.owner_agency_id, t.subject, t.classification
           FROM topics t JOIN agencies a ON a.id = t.owner_agency_id`,
      ),
      this.dataSource.query<
        {
          id: string;
          topic: string;
          agency_id: string;
          fields: string[];
          filter: string | null;
          delivery_mode: DeliveryMode;
          webhook_url: string | null;
          ordered_delivery: boolean;
          status: SubscriptionStatus;
          expires_at: Date;
          projected_subject: string | null;
        }[]
      >(
        `SELECT s.id, s.topic, s.agency_id, s.fields, s.filter, s.delivery_mode, s.webhook_url, s.ordered_delivery,
                s.status, s.expires_at, s.projected_subject
           FROM subscriptions s JOIN agencies a ON a.id = s.agency_id
          WHERE s.status = 'active' AND s.expires_at > now() AND a.status = 'active'
          ORDER BY s.id`,
      ),
      this.dataSource.query<
        { subject: string; version: number; schema_id: number; deleted_at: Date | null }[]
      >('SELECT subject, version, schema_id, deleted_at FROM subject_versions ORDER BY subject, version'),
    ]);
    const topicMap = new Map<string, TopicView>();
    for (const row of topics) {
      topicMap.set(row.name, {
        name: row.name,
        ownerAgencyId: row.owner_agency_id,
        subject: row.subject,
        classification: row.classification,
      });
    }
    const byTopic = new Map<string, SubscriptionView[]>();
    for (const row of subscriptions) {
      const list = byTopic.get(row.topic) ?? [];
      list.push({
        id: row.id,
        topic: row.topic,
        agencyId: row.agency_id,
        fields: row.fields,
        filter: row.filter,
        deliveryMode: row.delivery_mode,
        webhookUrl: row.webhook_url,
        orderedDelivery: row.ordered_delivery,
        status: row.status,
        expiresAt: row.expires_at,
        projectedSubject: row.projected_subject,
      });
      byTopic.set(row.topic, list);
    }
    const idsBySubject = new Map<string, Set<number>>();
    const latest = new Map<string, { version: number; schemaId: number }>();
    const live = new Map<string, Map<number, number>>();
    for (const row of versions) {
      const ids = idsBySubject.get(row.subject) ?? new Set<number>();
      ids.add(row.schema_id);
      idsBySubject.set(row.subject, ids);
      if (!row.deleted_at) {
        latest.set(row.subject, { version: row.version, schemaId: row.schema_id });
        const byVersion = live.get(row.subject) ?? new Map<number, number>();
        byVersion.set(row.version, row.schema_id);
        live.set(row.subject, byVersion);
      }
    }
    const state: CatalogueState = {
      topics: topicMap,
      subscriptionsByTopic: byTopic,
      schemaIdsBySubject: idsBySubject,
      latestBySubject: latest,
      versionsBySubject: live,
      loadedAt: new Date(),
    };
    return state;
  }
}
