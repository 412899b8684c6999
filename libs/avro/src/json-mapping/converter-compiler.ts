import * as avro from 'avsc';
import { InvalidSchemaError } from '../schema/invalid-schema-error';
import { BIGINT_LONG_TYPE } from './bigint-long-type';
import { arrayConverter, mapConverter, type RecordFieldPlan, recordConverter } from './complex-converters';
import type { Converter } from './converter';
import { logicalConverter } from './logical-converters';
import { RawValueLogicalType } from './raw-value-logical-type';
import {
  booleanConverter,
  bytesConverter,
  doubleConverter,
  enumConverter,
  fixedConverter,
  floatConverter,
  intConverter,
  longConverter,
  nullConverter,
  stringConverter,
} from './scalar-converters';
import { nullableConverter, wrappedUnionConverter } from './union-converters';

// avsc (and any object-based value) would turn such a name into a prototype assignment.
const FORBIDDEN_NAME = '__proto__';

function forbid(what: string): never {
  throw new InvalidSchemaError(
    `${what} is named '${FORBIDDEN_NAME}', which JavaScript objects cannot hold as a plain key; rename it`,
  );
}

function namedTypeName(type: avro.Type): string {
  const name = type.name ?? type.typeName;
  if (name === FORBIDDEN_NAME) forbid(`a ${type.typeName}`);
  return name;
}

function isImmutable(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/** Compiles an avsc type (built by `createAvscType`) into a tree of converters, once. */
export class ConverterCompiler {
  private readonly compiled = new Map<avro.Type, Converter>();

  compile(type: avro.Type): Converter {
    const known = this.compiled.get(type);
    if (known !== undefined) return known;
    if (type instanceof avro.types.RecordType) return this.compileRecord(type);
    const converter = this.create(type);
    this.compiled.set(type, converter);
    return converter;
  }

  private compileRecord(type: avro.types.RecordType): Converter {
    const fields: RecordFieldPlan[] = [];
    const converter = recordConverter(namedTypeName(type), fields);
    // Registered before the fields, which may refer back to this record.
    this.compiled.set(type, converter);
    for (const field of type.fields) {
      if (field.name === FORBIDDEN_NAME) forbid(`a field of record ${type.name ?? ''}`);
      const sample: unknown = field.defaultValue();
      let defaultValue: (() => unknown) | undefined;
      if (sample !== undefined) {
        // Mutable defaults (bytes, arrays, records…) are copied on every use, as avsc does.
        defaultValue = isImmutable(sample) ? () => sample : (): unknown => field.defaultValue();
      }
      fields.push({ name: field.name, converter: this.compile(field.type), defaultValue });
    }
    return converter;
  }

  private create(type: avro.Type): Converter {
    if (type instanceof RawValueLogicalType) return logicalConverter(type.spec);
    if (type === BIGINT_LONG_TYPE) return longConverter;
    if (type instanceof avro.types.WrappedUnionType) {
      return wrappedUnionConverter(
        type.types.map((branch) => ({
          name: branch.branchName ?? branch.typeName,
          converter: this.compile(branch),
        })),
      );
    }
    if (type instanceof avro.types.UnwrappedUnionType) {
      const inner = type.types.find((branch) => branch.typeName !== 'null');
      if (inner === undefined) throw new InvalidSchemaError('an unwrapped union needs a branch besides null');
      return nullableConverter(this.compile(inner));
    }
    if (type instanceof avro.types.ArrayType) return arrayConverter(this.compile(type.itemsType));
    if (type instanceof avro.types.MapType) return mapConverter(this.compile(type.valuesType as avro.Type));
    if (type instanceof avro.types.EnumType) return enumConverter(namedTypeName(type), type.symbols);
    if (type instanceof avro.types.FixedType) return fixedConverter(namedTypeName(type), type.size);
    switch (type.typeName) {
      case 'null':
        return nullConverter;
      case 'boolean':
        return booleanConverter;
      case 'int':
        return intConverter;
      case 'float':
        return floatConverter;
      case 'double':
        return doubleConverter;
      case 'string':
        return stringConverter;
      case 'bytes':
        return bytesConverter;
      default:
        throw new InvalidSchemaError(`no JSON mapping for avsc type '${type.typeName}'`);
    }
  }
}
