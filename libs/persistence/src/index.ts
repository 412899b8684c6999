// TypeORM stays behind this barrel: apps get entities, the data source and the types they need from here.
export { DataSource, EntityManager, In, IsNull, Repository, QueryFailedError } from 'typeorm';
export * from './entities/agency.entity';
export * from './data-source';
export * from './database-health.indicator';
export * from './persistence.module';
export { ENTITIES, MIGRATIONS } from './schema';
