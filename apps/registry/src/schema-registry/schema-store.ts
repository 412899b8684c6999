import { Injectable } from '@nestjs/common';
import {
  canonicalSchemaJson,
  InvalidSchemaError,
  parseAvroSchema,
  schemaFingerprint,
  type SchemaReference as ReferenceSource,
  validateClassifications,
} from '@app/avro';
import {
  DataSource,
  type EntityManager,
  QueryFailedError,
  SchemaEntity,
  type SchemaReference,
  SubjectVersionEntity,
} from '@app/persistence';
import { type ComparableSchema } from './compatibility-check';
import { isValidSubjectName } from './registry-input';
import { RegistryError } from './schema-registry.errors';

/** A row of `schemas` as the registry serves it. Ids are immutable, so this is cached for good. */
export interface StoredSchema {
  readonly id: number;
  readonly text: string;
  readonly references: readonly SchemaReference[];
  readonly fingerprint: string;
  /** The answer of `GET /schemas/ids/{id}`, rendered once. */
  readonly lookupBody: string;
}

/** A schema text validated, with its references resolved, ready to be compared and stored. */
export interface PreparedSchema extends ComparableSchema {
  readonly text: string;
  /** With `-1` versions resolved to the version they meant. */
  readonly references: readonly SchemaReference[];
  readonly canonical: string;
  readonly fingerprint: string;
}

// Enough for every schema of a national exchange; a bound so that memory cannot grow without limit.
const MAX_CACHED_SCHEMAS = 20_000;
const MAX_REFERENCE_DEPTH = 16;
/** Deeper schemas would exhaust the stack of the recursive parser and checker; real ones nest a few levels. */
export const MAX_SCHEMA_NESTING = 256;

/**
 * How deeply the JSON text nests objects and arrays, counted without parsing (and without recursion), up to
 * `limit + 1`: enough to refuse a hostile schema before any recursive code sees it.
 */
export function jsonNestingDepth(text: string, limit = MAX_SCHEMA_NESTING): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash: skip the character it escapes
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Identity of a schema: its canonical JSON (whitespace and key order do not matter; docs, defaults,
 * aliases and custom attributes do) together with its references, in order.
 */
export function schemaIdentity(json: unknown, references: readonly SchemaReference[]): string {
  if (references.length === 0) return schemaFingerprint(json);
  // `{schema, references}` is never a valid Avro schema itself (no `type`), so this cannot collide.
  return schemaFingerprint({
    schema: json,
    references: references.map(({ name, subject, version }) => ({ name, subject, version })),
  });
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * The `schemas` table: global ids, shared by every subject that registers the same schema. Look-ups by id
 * are served from memory after the first read.
 */
@Injectable()
export class SchemaStore {
  private readonly cache = new Map<number, StoredSchema>();
  private readonly prepared = new Map<number, PreparedSchema>();

  constructor(private readonly dataSource: DataSource) {}

  /** The schema with this id, from memory when it was read before. */
  async get(id: number): Promise<StoredSchema | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = await this.dataSource.getRepository(SchemaEntity).findOneBy({ id });
    if (!row) return undefined;
    return this.remember(this.cache, row.id, {
      id: row.id,
      text: row.schemaText,
      references: row.references,
      fingerprint: row.fingerprint,
      lookupBody: JSON.stringify({
        schema: row.schemaText,
        ...(row.references.length > 0 ? { references: row.references } : {}),
      }),
    });
  }

  async require(id: number): Promise<StoredSchema> {
    const schema = await this.get(id);
    if (!schema) throw RegistryError.schemaNotFound(id);
    return schema;
  }

  /** A stored schema parsed with its references, for compatibility checks and field listings (cached). */
  async preparedById(id: number): Promise<PreparedSchema> {
    const cached = this.prepared.get(id);
    if (cached) return cached;
    const stored = await this.require(id);
    return this.remember(this.prepared, id, await this.prepare(stored.text, stored.references));
  }

  /**
   * Validates a schema text as Avro (with its references) and its field classifications.
   * @throws RegistryError 42201 naming what is wrong
   */
  async prepare(
    text: string,
    references: readonly SchemaReference[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PreparedSchema> {
    if (jsonNestingDepth(text) > MAX_SCHEMA_NESTING) {
      throw RegistryError.invalidSchema(
        `the schema nests objects and arrays deeper than ${MAX_SCHEMA_NESTING} levels`,
      );
    }
    const resolved = await Promise.all(
      references.map((reference) => this.resolveReference(reference, manager)),
    );
    const sources = await this.referenceSources(resolved, manager, new Set(), 0);
    try {
      const parsed = parseAvroSchema(text, sources);
      validateClassifications(parsed);
      return {
        text,
        json: parsed.json,
        namedTypes: parsed.namedTypes,
        references: resolved,
        canonical: canonicalSchemaJson(parsed.json),
        fingerprint: schemaIdentity(parsed.json, resolved),
      };
    } catch (error) {
      if (error instanceof InvalidSchemaError) throw RegistryError.invalidSchema(error.message);
      throw error;
    }
  }

  /** The id of a schema with this identity, if any subject ever registered it. */
  async idOf(
    fingerprint: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number | undefined> {
    const row = await manager
      .getRepository(SchemaEntity)
      .findOne({ select: { id: true }, where: { fingerprint } });
    return row?.id;
  }

  /**
   * Stores a schema (or finds it, when a concurrent transaction stored it first) and returns its id. With
   * `explicitId` (IMPORT mode) the schema gets that id.
   */
  async insert(manager: EntityManager, schema: PreparedSchema, explicitId?: number): Promise<number> {
    const values = [schema.text, schema.canonical, schema.fingerprint, JSON.stringify(schema.references)];
    if (explicitId !== undefined) {
      // Move the identity past the imported id first, so that ordinary registrations never collide with it.
      await manager.query(
        `SELECT setval(pg_get_serial_sequence('schemas', 'id'),
                GREATEST($1::bigint, (SELECT last_value FROM schemas_id_seq)))`,
        [explicitId],
      );
      try {
        await manager.query(
          `INSERT INTO schemas (id, schema_type, schema_text, canonical, fingerprint, "references")
           VALUES ($5, 'AVRO', $1, $2, $3, $4::jsonb)`,
          [...values, explicitId],
        );
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw RegistryError.operationNotPermitted(
            `Overwrite new schema with id ${explicitId} is not permitted: the id or the schema is already taken`,
          );
        }
        throw error;
      }
      return explicitId;
    }
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO schemas (schema_type, schema_text, canonical, fingerprint, "references")
       VALUES ('AVRO', $1, $2, $3, $4::jsonb)
       ON CONFLICT (fingerprint) DO NOTHING
       RETURNING id`,
      values,
    );
    const id = inserted[0]?.id ?? (await this.idOf(schema.fingerprint, manager));
    if (id === undefined) throw new Error(`schema ${schema.fingerprint} neither inserted nor found`);
    return id;
  }

  private async resolveReference(
    reference: SchemaReference,
    manager: EntityManager,
  ): Promise<SchemaReference> {
    if (reference.version !== -1) return reference;
    const latest = isValidSubjectName(reference.subject)
      ? await manager
          .getRepository(SubjectVersionEntity)
          .createQueryBuilder('version')
          .select('MAX(version.version)', 'latest')
          .where('version.subject = :subject AND version.deletedAt IS NULL', { subject: reference.subject })
          .getRawOne<{ latest: number | null }>()
      : undefined;
    if (latest?.latest === null || latest?.latest === undefined) {
      throw RegistryError.invalidSchema(
        `reference '${reference.name}' names subject '${reference.subject}', which has no live version`,
      );
    }
    return { ...reference, version: latest.latest };
  }

  /** The texts of the referenced schemas, each after the schemas it references itself (depth first). */
  private async referenceSources(
    references: readonly SchemaReference[],
    manager: EntityManager,
    seen: Set<string>,
    depth: number,
  ): Promise<ReferenceSource[]> {
    if (depth > MAX_REFERENCE_DEPTH) {
      throw RegistryError.invalidSchema(`references nest deeper than ${MAX_REFERENCE_DEPTH} levels`);
    }
    const sources: ReferenceSource[] = [];
    for (const reference of references) {
      const key = `${reference.subject}\u0000${reference.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = isValidSubjectName(reference.subject)
        ? await manager
            .getRepository(SubjectVersionEntity)
            .findOneBy({ subject: reference.subject, version: reference.version })
        : null;
      if (!row) {
        throw RegistryError.invalidSchema(
          `reference '${reference.name}' names version ${reference.version} of subject '${reference.subject}', which does not exist`,
        );
      }
      const stored = await this.require(row.schemaId);
      sources.push(...(await this.referenceSources(stored.references, manager, seen, depth + 1)));
      sources.push({ name: reference.name, schema: stored.text });
    }
    return sources;
  }

  private remember<T>(cache: Map<number, T>, id: number, value: T): T {
    if (cache.size >= MAX_CACHED_SCHEMAS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(id, value);
    return value;
  }
}
