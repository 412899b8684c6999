// TypeORM stays behind this barrel: apps get entities, the data source and the types they need from here.
export { DataSource, EntityManager, In, IsNull, Repository, QueryFailedError } from 'typeorm';
export * from './entities/agency.entity';
export * from './entities/api-key.entity';
export * from './entities/audit-entry.entity';
export * from './entities/registry-setting.entity';
export * from './entities/schema.entity';
export * from './entities/subject-version.entity';
export * from './entities/subject.entity';
export * from './entities/subscription.entity';
export * from './entities/topic.entity';
export * from './data-source';
export * from './database-health.indicator';
export * from './persistence.module';
export { ENTITIES, MIGRATIONS } from './schema';
