import type { FromJsonContext, MappingContext } from './json-path';

/** Bit flags of the JSON value kinds a converter may accept. */
export const JsonKind = {
  Null: 1,
  Boolean: 2,
  Number: 4,
  String: 8,
  Array: 16,
  Object: 32,
} as const;

export function jsonKindOf(json: unknown): number {
  switch (typeof json) {
    case 'string':
      return JsonKind.String;
    case 'number':
      return JsonKind.Number;
    case 'boolean':
      return JsonKind.Boolean;
    case 'object':
      if (json === null) return JsonKind.Null;
      return Array.isArray(json) ? JsonKind.Array : JsonKind.Object;
    default:
      return 0;
  }
}

/**
 * The compiled mapping of one Avro type: converts JSON to the avsc value and back. Built once per schema;
 * the calls do no schema walking.
 */
export interface Converter {
  /** What the JSON must be, as messages say it: `an int (…)`, `a symbol of enum id.go.X (…)`. */
  readonly expected: string;
  /** {@link JsonKind} flags of the JSON values `fromJson` may accept (a union picks branches by them). */
  readonly jsonKinds: number;
  /** The avsc value; on failure pushes issues to the context and returns anything. */
  fromJson(json: unknown, context: FromJsonContext): unknown;
  /** @throws JsonMappingError when `value` is not an avsc value of the type */
  toJson(value: unknown, context: MappingContext): unknown;
}
