import { QueryFailedError } from '@app/persistence';

/** True for PostgreSQL's unique_violation (23505): a concurrent insert of the same key won the race. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '23505'
  );
}
