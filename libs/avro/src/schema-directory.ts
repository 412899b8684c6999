import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AvroCodec } from './avro-codec';

export interface SchemaFile {
  /** File name, e.g. `kependudukan.kelahiran.v1.avsc`. */
  file: string;
  /** The data topic the schema belongs to: the file name without `.avsc`. */
  topic: string;
  /** Value subject under Confluent's TopicNameStrategy. */
  subject: string;
  /** The schema text as written (registries keep docs and custom attributes). */
  text: string;
  codec: AvroCodec;
}

/**
 * Loads every `<topic>.avsc` in a directory and checks that each parses as Avro. Used for the demo topics
 * in `schemas/` and by tests.
 */
export function loadSchemaDirectory(dir: string): SchemaFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.avsc'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const topic = file.slice(0, -'.avsc'.length);
      return { file, topic, subject: `${topic}-value`, text, codec: AvroCodec.fromSchema(text) };
    });
}
