import { AgencyEntity } from './entities/agency.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { PublishedRecordEntity } from './entities/published-record.entity';
import { RegistrySettingEntity } from './entities/registry-setting.entity';
import { SchemaEntity } from './entities/schema.entity';
import { SubjectVersionEntity } from './entities/subject-version.entity';
import { SubjectEntity } from './entities/subject.entity';
import { SubscriptionEntity } from './entities/subscription.entity';
import { TopicEntity } from './entities/topic.entity';
import { CreateAgencies1764270000000 } from './migrations/1764270000000-create-agencies';
import { CreateRegistryCatalogueAudit1764280000000 } from './migrations/1764280000000-create-registry-catalogue-audit';
import { SubscriptionAmendments1764310000001 } from './migrations/1764310000001-subscription-amendments';
import { CreatePublishedRecords1764320000000 } from './migrations/1764320000000-create-published-records';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity';
import { WebhookSecretEntity } from './entities/webhook-secret.entity';
import { CreateDeliveries1764330000001 } from './migrations/1764330000001-create-deliveries';
import { IndexAuditTarget1764300000030 } from './migrations/1764300000030-index-audit-target';
import { DeliverySettledAt1764340000000 } from './migrations/1764340000000-delivery-settled-at';
import { SubscriptionOrderedDelivery1764340000001 } from './migrations/1764340000001-subscription-ordered-delivery';
import { IndexAuditRecordBatches1764335000000 } from './migrations/1764335000000-index-audit-record-batches';

/**
 * Every entity and migration, listed as classes rather than globs so that the same list works under
 * ts-jest and in the compiled build. Append new migrations in timestamp order.
 */
export const ENTITIES = [
  AgencyEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  PublishedRecordEntity,
  RegistrySettingEntity,
  SchemaEntity,
  SubjectEntity,
  SubjectVersionEntity,
  SubscriptionEntity,
  TopicEntity,
  DeliveryEntity,
  DeliveryAttemptEntity,
  WebhookEndpointEntity,
  WebhookSecretEntity,
];
export const MIGRATIONS = [
  CreateAgencies1764270000000,
  CreateRegistryCatalogueAudit1764280000000,
  IndexAuditTarget1764300000030,
  SubscriptionAmendments1764310000001,
  CreatePublishedRecords1764320000000,
  CreateDeliveries1764330000001,
  IndexAuditRecordBatches1764335000000,
  DeliverySettledAt1764340000000,
  SubscriptionOrderedDelivery1764340000001,
];
