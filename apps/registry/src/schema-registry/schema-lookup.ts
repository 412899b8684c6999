import { type SchemaReference } from '@app/persistence';

/** A schema as other registry modules need it. */
export interface RegisteredSchema {
  /** Global schema id (the one in the Confluent wire format). */
  id: number;
  /** Set when looked up through a subject. */
  subject?: string;
  version?: number;
  /** The text as registered. */
  schema: string;
  /** Parsed schema JSON (named types from references are NOT inlined; see `namedTypes`). */
  parsed: unknown;
  /** Full name → schema JSON of the types defined by the references, for compatibility and projection. */
  namedTypes: Record<string, unknown>;
  references: SchemaReference[];
}

/**
 * What the catalogue (topics, subscriptions) needs from the schema registry, without reaching into its
 * tables. Implemented and provided by SchemaRegistryModule.
 */
export abstract class SchemaLookup {
  /** Latest live (not soft-deleted) version of a subject; undefined when there is none. */
  abstract latest(subject: string): Promise<RegisteredSchema | undefined>;

  abstract byId(id: number): Promise<RegisteredSchema | undefined>;

  /**
   * Registers a schema on behalf of Penghubung itself (e.g. the projected schema of a subscription):
   * validated, compatibility-checked and audited like any registration, but not subject to agency
   * ownership. Returns the existing id when the subject already has the schema.
   */
  abstract registerInternal(
    subject: string,
    schema: string,
    options: { registeredBy: string; compatibility?: string; ownerAgencyId?: string | null },
  ): Promise<RegisteredSchema>;

  /** Makes an agency the owner of a subject (creating the subject row when it does not exist yet). */
  abstract assignOwner(subject: string, ownerAgencyId: string, assignedBy: string): Promise<void>;
}
