import { type TopicClassification, type TopicEntity } from '@app/persistence';

export const TOPIC_CLASSIFICATIONS: readonly TopicClassification[] = [
  'public',
  'internal',
  'confidential',
  'secret',
];

/** The latest value schema of a topic, as the registry holds it. */
export interface TopicSchemaView {
  id: number;
  version: number | null;
}

/** A topic as any agency may see it in the catalogue: never who subscribes to it. */
export interface TopicView {
  name: string;
  ownerAgencyId: string;
  subject: string;
  classification: TopicClassification;
  partitions: number;
  retentionMs: number;
  description: string | null;
  createdBy: string;
  createdAt: string;
  /** Set on reads of one topic; null while no schema is registered for the subject. */
  schema?: TopicSchemaView | null;
}

export function topicView(topic: TopicEntity): TopicView {
  return {
    name: topic.name,
    ownerAgencyId: topic.ownerAgencyId,
    subject: topic.subject,
    classification: topic.classification,
    partitions: topic.partitions,
    retentionMs: Number(topic.retentionMs),
    description: topic.description,
    createdBy: topic.createdBy,
    createdAt: topic.createdAt.toISOString(),
  };
}

/** `<topic>-value`: Confluent's TopicNameStrategy. */
export function valueSubjectOf(topic: string): string {
  return `${topic}-value`;
}
