import { maxPrecisionForFixedSize } from './decimal-text';

export type TemporalLogicalTypeName =
  | 'date'
  | 'time-millis'
  | 'time-micros'
  | 'timestamp-millis'
  | 'timestamp-micros'
  | 'local-timestamp-millis'
  | 'local-timestamp-micros';

/** A logical type whose attributes are valid per the Avro specification, with what its mapping needs. */
export type LogicalTypeSpec =
  | { readonly name: TemporalLogicalTypeName }
  | {
      readonly name: 'decimal';
      readonly precision: number;
      readonly scale: number;
      /** The fixed size when the decimal annotates a fixed, else undefined (bytes). */
      readonly fixedSize: number | undefined;
    }
  | { readonly name: 'uuid'; readonly fixedSize: number | undefined };

const TEMPORAL_UNDERLYING: Readonly<Record<TemporalLogicalTypeName, 'int' | 'long'>> = {
  date: 'int',
  'time-millis': 'int',
  'time-micros': 'long',
  'timestamp-millis': 'long',
  'timestamp-micros': 'long',
  'local-timestamp-millis': 'long',
  'local-timestamp-micros': 'long',
};

const UUID_FIXED_SIZE = 16;

function isTemporal(name: string): name is TemporalLogicalTypeName {
  return Object.hasOwn(TEMPORAL_UNDERLYING, name);
}

function fixedSizeOf(schema: Readonly<Record<string, unknown>>): number | undefined {
  const size = schema.size;
  return schema.type === 'fixed' && typeof size === 'number' && Number.isInteger(size) && size > 0
    ? size
    : undefined;
}

function decimalSpec(schema: Readonly<Record<string, unknown>>): LogicalTypeSpec | undefined {
  const fixedSize = fixedSizeOf(schema);
  if (schema.type !== 'bytes' && fixedSize === undefined) return undefined;
  const { precision } = schema;
  const scale = schema.scale ?? 0;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision <= 0) return undefined;
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision)
    return undefined;
  if (fixedSize !== undefined && precision > maxPrecisionForFixedSize(fixedSize)) return undefined;
  return { name: 'decimal', precision, scale, fixedSize };
}

/**
 * The logical type a schema object declares, or undefined when it declares none, one we do not map, or one
 * whose attributes are invalid — the specification says to use the underlying type then.
 */
export function logicalTypeSpecOf(schema: Readonly<Record<string, unknown>>): LogicalTypeSpec | undefined {
  const { logicalType, type } = schema;
  if (typeof logicalType !== 'string') return undefined;
  if (isTemporal(logicalType)) {
    return type === TEMPORAL_UNDERLYING[logicalType] ? { name: logicalType } : undefined;
  }
  if (logicalType === 'decimal') return decimalSpec(schema);
  if (logicalType === 'uuid') {
    if (type === 'string') return { name: 'uuid', fixedSize: undefined };
    return fixedSizeOf(schema) === UUID_FIXED_SIZE ? { name: 'uuid', fixedSize: UUID_FIXED_SIZE } : undefined;
  }
  return undefined;
}
