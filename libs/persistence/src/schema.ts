import { AgencyEntity } from './entities/agency.entity';
import { CreateAgencies1764270000000 } from './migrations/1764270000000-create-agencies';

/**
 * Every entity and migration, listed as classes rather than globs so that the same list works under
 * ts-jest and in the compiled build. Append new migrations in timestamp order.
 */
export const ENTITIES = [AgencyEntity];
export const MIGRATIONS = [CreateAgencies1764270000000];
