import { projectSchema } from './project-schema';

/**
 * The schema a subscription's records are encoded with: the topic schema pruned to the approved fields,
 * names kept. The registry registers it at approval and the router derives it again for each writer
 * schema; both must call this one function so that the two agree byte for byte.
 */
export function subscriptionSchema(topicSchema: unknown, fields: string[]): Record<string, unknown> {
  return projectSchema(topicSchema, fields);
}

/** Registry subject holding a subscription's projected schema. */
export function subscriptionSubject(subscriptionId: string): string {
  return `penghubung.subscription.${subscriptionId}-value`;
}
