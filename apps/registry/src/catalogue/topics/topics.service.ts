import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@app/audit';
import { assertAdmin, auditActor, type Principal, principalLabel } from '@app/auth';
import { AppError } from '@app/core';
import { KafkaClient } from '@app/kafka';
import { AgencyEntity, DataSource, type TopicClassification, TopicEntity } from '@app/persistence';
import { SchemaLookup } from '../../schema-registry/schema-lookup';
import { CATALOGUE_OPTIONS, type CatalogueOptions } from '../catalogue-options';
import { isUniqueViolation } from '../database-errors';
import { topicView, type TopicView, valueSubjectOf } from './topic-view';

export interface NewTopic {
  name: string;
  ownerAgencyId: string;
  classification: TopicClassification;
  partitions?: number;
  retentionMs?: number;
  description?: string;
}

export interface TopicFilter {
  owner?: string;
  classification?: TopicClassification;
}

/** Penghubung's own topics (delivery topics, dead letters) live under this domain. */
const RESERVED_DOMAIN = 'penghubung';
const MIN_RETENTION_MS = 3_600_000;

/**
 * The topic catalogue. A topic is a catalogue row, a Kafka topic and the value subject `<topic>-value`
 * owned by the topic's agency. Any authenticated caller may browse it; who subscribes is not part of it.
 */
@Injectable()
export class TopicsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly kafka: KafkaClient,
    private readonly schemas: SchemaLookup,
    @Inject(CATALOGUE_OPTIONS) private readonly options: CatalogueOptions,
  ) {}

  /**
   * Creates the Kafka topic first, then the row: a failure in between leaves a Kafka topic without a row
   * (harmless, and a retry adopts it), never a catalogue topic that Kafka lacks.
   */
  async create(principal: Principal, input: NewTopic): Promise<TopicView> {
    assertAdmin(principal);
    if (input.name.split('.')[0] === RESERVED_DOMAIN) {
      throw AppError.badRequest(`the domain '${RESERVED_DOMAIN}' is reserved for Penghubung's own topics`);
    }
    const retentionMs = input.retentionMs ?? this.options.topicDefaults.retentionMs;
    if (retentionMs !== -1 && retentionMs < MIN_RETENTION_MS) {
      throw AppError.badRequest(
        `retentionMs must be -1 (forever) or at least ${MIN_RETENTION_MS} (one hour)`,
      );
    }
    const partitions = input.partitions ?? this.options.topicDefaults.partitions;
    const owner = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id: input.ownerAgencyId });
    if (!owner) throw AppError.notFound(`agency '${input.ownerAgencyId}' not found`);
    if (await this.dataSource.getRepository(TopicEntity).existsBy({ name: input.name })) {
      throw AppError.conflict(`topic '${input.name}' already exists`);
    }
    const subject = valueSubjectOf(input.name);
    const by = principalLabel(principal);
    // Outside our transaction: the registry audits in its own, and the audit chain lock is not reentrant.
    await this.schemas.assignOwner(subject, owner.id, by);
    try {
      await this.kafka.ensureTopics([
        { topic: input.name, partitions, config: { 'retention.ms': String(retentionMs) } },
      ]);
    } catch (error) {
      throw AppError.dependencyUnavailable(
        `Kafka did not create topic '${input.name}': ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    try {
      return await this.dataSource.transaction(async (tx) => {
        const repository = tx.getRepository(TopicEntity);
        await repository.insert(
          repository.create({
            name: input.name,
            ownerAgencyId: owner.id,
            subject,
            classification: input.classification,
            partitions,
            retentionMs: String(retentionMs),
            description: input.description || null,
            createdBy: by,
          }),
        );
        const saved = await repository.findOneByOrFail({ name: input.name });
        await this.audit.record(
          {
            actor: auditActor(principal),
            action: 'topic.created',
            targetType: 'topic',
            targetId: saved.name,
            agencyId: saved.ownerAgencyId,
            topic: saved.name,
            details: {
              subject,
              classification: saved.classification,
              partitions,
              retentionMs,
              description: saved.description,
            },
          },
          tx,
        );
        return { ...topicView(saved), schema: await this.latestSchema(subject) };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict(`topic '${input.name}' already exists`);
      throw error;
    }
  }

  async list(filter: TopicFilter): Promise<TopicView[]> {
    const topics = await this.dataSource.getRepository(TopicEntity).find({
      where: {
        ...(filter.owner === undefined ? {} : { ownerAgencyId: filter.owner }),
        ...(filter.classification === undefined ? {} : { classification: filter.classification }),
      },
      order: { name: 'ASC' },
    });
    return topics.map(topicView);
  }

  async get(name: string): Promise<TopicView> {
    const topic = await this.dataSource.getRepository(TopicEntity).findOneBy({ name });
    if (!topic) throw AppError.notFound(`topic '${name}' not found`);
    return { ...topicView(topic), schema: await this.latestSchema(topic.subject) };
  }

  private async latestSchema(subject: string): Promise<TopicView['schema']> {
    const latest = await this.schemas.latest(subject);
    return latest ? { id: latest.id, version: latest.version ?? null } : null;
  }
}
