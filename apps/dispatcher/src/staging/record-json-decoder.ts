import { AvroJsonMapper, decodeWireFormat } from '@app/avro';
import { type SchemaStore } from '@app/catalogue';

export class UndecodableRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableRecordError';
  }
}

/**
 * Confluent wire format → the projected record as JSON in the documented mapping (libs/avro json-mapping),
 * with one mapper per schema id, kept for good: an id never changes meaning.
 */
export class RecordJsonDecoder {
  private readonly mappers = new Map<number, Promise<AvroJsonMapper>>();

  constructor(private readonly schemas: SchemaStore) {}

  /** @throws UndecodableRecordError for a record that can never be decoded; other errors are transient */
  async decode(value: Buffer | null): Promise<{ schemaId: number; data: unknown }> {
    if (!value) throw new UndecodableRecordError('record has no value');
    let wire: { schemaId: number; payload: Buffer };
    try {
      wire = decodeWireFormat(value);
    } catch (error) {
      throw new UndecodableRecordError((error as Error).message);
    }
    const mapper = await this.mapperFor(wire.schemaId);
    try {
      return { schemaId: wire.schemaId, data: mapper.toJson(mapper.decode(wire.payload)) };
    } catch (error) {
      throw new UndecodableRecordError(`schema ${wire.schemaId}: ${(error as Error).message}`);
    }
  }

  private mapperFor(schemaId: number): Promise<AvroJsonMapper> {
    let mapper = this.mappers.get(schemaId);
    if (!mapper) {
      mapper = this.schemas.byId(schemaId).then((stored) => {
        if (!stored) throw new UndecodableRecordError(`schema id ${schemaId} is not registered`);
        return AvroJsonMapper.forSchema(stored.parsed.json, stored.parsed.namedTypes);
      });
      this.mappers.set(schemaId, mapper);
      mapper.catch(() => this.mappers.delete(schemaId));
    }
    return mapper;
  }
}
