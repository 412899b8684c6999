import { AgencyEntity } from './entities/agency.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { RegistrySettingEntity } from './entities/registry-setting.entity';
import { SchemaEntity } from './entities/schema.entity';
import { SubjectVersionEntity } from './entities/subject-version.entity';
import { SubjectEntity } from './entities/subject.entity';
import { SubscriptionEntity } from './entities/subscription.entity';
import { TopicEntity } from './entities/topic.entity';
import { CreateAgencies1764270000000 } from './migrations/1764270000000-create-agencies';
import { CreateRegistryCatalogueAudit1764280000000 } from './migrations/1764280000000-create-registry-catalogue-audit';

/**
 * Every entity and migration, listed as classes rather than globs so that the same list works under
 * ts-jest and in the compiled build. Append new migrations in timestamp order.
 */
export const ENTITIES = [
  AgencyEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  RegistrySettingEntity,
  SchemaEntity,
  SubjectEntity,
  SubjectVersionEntity,
  SubscriptionEntity,
  TopicEntity,
];
export const MIGRATIONS = [CreateAgencies1764270000000, CreateRegistryCatalogueAudit1764280000000];
