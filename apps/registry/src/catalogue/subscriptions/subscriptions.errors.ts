import { AppError } from '@app/core';
import { type FilterTypeIssue, type ProjectionIssue } from '@app/routing';

/** What is wrong with a subscription's projection or filter, against the topic's schema. */
export interface TermsIssues {
  /** Problems with `fields`: unknown paths, wildcards, personal fields selected only implicitly, ... */
  fields?: ProjectionIssue[];
  /** Problems with `filter`, each with its 0-based position in the filter text. */
  filter?: FilterTypeIssue[];
}

/** The terms do not fit the schema. A request answers 422; an approval against a newer schema, 409. */
export class SubscriptionTermsError extends Error {
  constructor(
    message: string,
    readonly issues: TermsIssues,
  ) {
    super(message);
    this.name = 'SubscriptionTermsError';
  }

  toRequestError(): AppError {
    return AppError.schemaViolation(this.message, this.issues);
  }

  toApprovalError(subject: string): AppError {
    return AppError.conflict(
      `the subscription no longer fits the latest schema of ${subject} (${this.message}); ` +
        'the subscriber must amend it',
      this.issues,
    );
  }
}

/** A webhook URL that Penghubung will not call: 422 naming the reason. */
export function webhookRefused(reason: string): AppError {
  return AppError.schemaViolation(`webhookUrl refused: ${reason}`, { webhookUrl: reason });
}

export function subscriptionNotFound(id: string): AppError {
  return AppError.notFound(`subscription ${id} not found`);
}
