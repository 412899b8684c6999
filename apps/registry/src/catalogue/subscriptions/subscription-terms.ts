import {
  checkFilter,
  classifiedLeafPaths,
  expandProjection,
  type FilterAst,
  FilterSyntaxError,
  formatFilter,
  implicitLeafPaths,
  parseFilter,
  RoutingSchemaError,
  validateProjection,
} from '@app/routing';
import { SubscriptionTermsError } from './subscriptions.errors';

/** A projection and filter that fit a schema, in the form to store. */
export interface CheckedTerms {
  /** Every leaf path the subscription receives: a record named whole is expanded to its leaves now, so
   *  that fields added to that record later reach nobody until an amendment is approved. */
  fields: string[];
  /** The canonical text of the filter (`formatFilter`); null receives every record. */
  filter: string | null;
}

const CLASSIFIED = ['personal', 'sensitive'] as const;

/**
 * Checks a projection and a filter against the topic's value schema (parsed JSON):
 * - every path must exist (`validateProjection`), no wildcards;
 * - personal and sensitive leaves must be named one by one, never implied by naming their record;
 * - the filter must parse and type-check (`parseFilter`/`checkFilter`), reported with positions.
 * Throws `SubscriptionTermsError` listing what is wrong.
 */
export function checkSubscriptionTerms(
  schema: unknown,
  fields: string[],
  filterText: string | null,
): CheckedTerms {
  try {
    const projectionIssues = validateProjection(schema, fields);
    if (projectionIssues.length > 0) {
      throw new SubscriptionTermsError(`fields do not fit the schema: ${describe(projectionIssues)}`, {
        fields: projectionIssues,
      });
    }
    const classified = new Set(CLASSIFIED.flatMap((level) => classifiedLeafPaths(schema, level)));
    const implied = implicitLeafPaths(schema, fields).filter((leaf) => classified.has(leaf));
    if (implied.length > 0) {
      throw new SubscriptionTermsError(
        `personal or sensitive fields must be named one by one, not through their record: ${implied.join(', ')}`,
        {
          fields: implied.map((path) => ({
            path,
            message:
              'personal or sensitive field selected only through an enclosing record: name it explicitly',
          })),
        },
      );
    }
    const expanded = expandProjection(schema, fields);
    if (filterText === null) return { fields: expanded, filter: null };
    let ast: FilterAst;
    try {
      ast = parseFilter(filterText);
    } catch (error) {
      if (error instanceof FilterSyntaxError) {
        throw new SubscriptionTermsError(`filter: ${error.message}`, {
          filter: [{ position: error.position, message: error.message }],
        });
      }
      throw error;
    }
    const filterIssues = checkFilter(ast, schema);
    if (filterIssues.length > 0) {
      throw new SubscriptionTermsError(
        `filter: ${filterIssues.map((issue) => `${issue.message} at position ${issue.position}`).join('; ')}`,
        { filter: filterIssues },
      );
    }
    return { fields: expanded, filter: formatFilter(ast) };
  } catch (error) {
    if (error instanceof RoutingSchemaError) {
      throw new SubscriptionTermsError(`the topic's schema cannot be projected: ${error.message}`, {});
    }
    throw error;
  }
}

function describe(issues: { path: string; message: string }[]): string {
  return issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
}
