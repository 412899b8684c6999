import { Injectable } from '@nestjs/common';
import { parseAvroSchema, type ParsedSchema } from '@app/avro';
import { DataSource, SchemaEntity, SubjectVersionEntity } from '@app/persistence';

export interface StoredSchema {
  id: number;
  text: string;
  parsed: ParsedSchema;
}

/**
 * Schemas by global id, read from the registry's tables and kept in memory for good: an id never changes
 * meaning. References are resolved to their named types so the schema parses on its own.
 */
@Injectable()
export class SchemaStore {
  private readonly byIdCache = new Map<number, Promise<StoredSchema | undefined>>();

  constructor(private readonly dataSource: DataSource) {}

  byId(id: number): Promise<StoredSchema | undefined> {
    let cached = this.byIdCache.get(id);
    if (!cached) {
      cached = this.load(id);
      this.byIdCache.set(id, cached);
      // A failed read (database briefly down) must not stick: forget it so the next call tries again.
      cached.then(
        (found) => (found ? undefined : this.byIdCache.delete(id)),
        () => this.byIdCache.delete(id),
      );
    }
    return cached;
  }

  private async load(id: number, depth = 0): Promise<StoredSchema | undefined> {
    if (depth > 16) throw new Error(`schema ${id}: references nested deeper than 16 levels`);
    const row = await this.dataSource.getRepository(SchemaEntity).findOneBy({ id });
    if (!row) return undefined;
    const references = [];
    for (const reference of row.references) {
      const version = await this.dataSource
        .getRepository(SubjectVersionEntity)
        .findOneBy({ subject: reference.subject, version: reference.version });
      if (!version)
        throw new Error(`schema ${id}: reference ${reference.subject}/${reference.version} not found`);
      const referenced = await this.byId(version.schemaId);
      if (!referenced) throw new Error(`schema ${id}: referenced schema ${version.schemaId} not found`);
      references.push({ name: reference.name, schema: referenced.text });
    }
    return { id, text: row.schemaText, parsed: parseAvroSchema(row.schemaText, references) };
  }
}
