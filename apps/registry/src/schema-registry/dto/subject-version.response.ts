import { type SchemaReference } from '@app/persistence';

/** `GET /subjects/{s}/versions/{v}` and `POST /subjects/{s}`, in Confluent's member order. */
export interface SubjectVersionResponse {
  subject: string;
  version: number;
  id: number;
  schema: string;
  /** Present only when the schema has references (Confluent leaves it out otherwise). */
  references?: SchemaReference[];
}

/** `GET /schemas/ids/{id}/versions`. */
export interface SubjectVersionPair {
  subject: string;
  version: number;
}
