import { type AllowedWebhookHost } from '@app/webhook-policy';

export const CATALOGUE_OPTIONS = Symbol('CATALOGUE_OPTIONS');

/** The catalogue's part of the registry configuration, validated at boot. */
export interface CatalogueOptions {
  topicDefaults: { partitions: number; retentionMs: number };
  subscriptionMaxExpiryDays: number;
  /** 0: no periodic sweep (status still reads `expired` once the expiry has passed). */
  expirySweepMs: number;
  webhookAllowedHosts: AllowedWebhookHost[];
}
