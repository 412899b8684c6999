/** Reads one field of a decoded record. */
export type FieldReader = (record: Record<string, unknown>) => unknown;

/** Names every plain object inherits (`constructor`, `toString`, ...). */
const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A reader for field `name` that never returns an inherited prototype member: for `constructor` and the
 * like it checks own properties (slower, so only for those names); others are a plain property read.
 */
export function fieldReader(name: string): FieldReader {
  if (INHERITED.has(name)) return (record) => (Object.hasOwn(record, name) ? record[name] : undefined);
  return (record) => record[name];
}
