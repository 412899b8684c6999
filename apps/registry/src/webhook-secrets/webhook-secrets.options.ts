export const WEBHOOK_SECRETS_OPTIONS = Symbol('WEBHOOK_SECRETS_OPTIONS');

export interface WebhookSecretsOptions {
  /** WEBHOOK_SECRET_KEY; undefined: secrets cannot be created. */
  key: Buffer | undefined;
  /** How long the previous secret keeps signing after a rotation. */
  overlapMs: number;
}
