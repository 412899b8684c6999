import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import * as avro from 'avsc';
import { fromTwosComplement, significantDigits, toTwosComplement } from './decimal-text';
import type { LogicalTypeSpec } from './logical-type-spec';
import { canonicalUuid } from './uuid-text';

// Random decimals stay short enough to build quickly whatever the declared precision.
const MAX_RANDOM_DIGITS = 40;

function rawTypeName(type: avro.Type): string {
  const underlying = type instanceof avro.types.LogicalType ? type.underlyingType : type;
  return underlying.typeName === 'abstract:long' ? 'long' : underlying.typeName;
}

function fixedSizeOf(type: avro.Type): number | undefined {
  const underlying = type instanceof avro.types.LogicalType ? type.underlyingType : type;
  return underlying instanceof avro.types.FixedType ? underlying.size : undefined;
}

function identity(value: unknown): unknown {
  return value;
}

/**
 * A logical type whose avsc values are the raw underlying values: a date is its int of days, a
 * timestamp-millis its bigint, a decimal its two's complement bytes. The logical meaning lives in the JSON
 * mapping; here the type only carries the attributes and refuses values that break them (a decimal beyond
 * its precision, a malformed uuid string) when encoding or validating. Decoding never refuses: what a
 * non-conforming producer wrote still comes out.
 */
export class RawValueLogicalType extends avro.types.LogicalType {
  readonly spec: LogicalTypeSpec;

  constructor(schema: avro.Schema, options: unknown, spec: LogicalTypeSpec) {
    super(schema, options);
    this.spec = spec;
  }

  protected override _fromValue(value: unknown): unknown {
    return value;
  }

  protected override _toValue(value: unknown): unknown {
    const { spec } = this;
    if (spec.name === 'decimal' && Buffer.isBuffer(value)) {
      if (significantDigits(fromTwosComplement(value)) > spec.precision) {
        throw new Error(`decimal value has more than ${spec.precision} digits`);
      }
    } else if (spec.name === 'uuid' && spec.fixedSize === undefined && typeof value === 'string') {
      if (canonicalUuid(value) === undefined) throw new Error(`not a uuid: ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** Schema resolution: readable from the same raw type (same size when fixed), logical or not. */
  protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
    return rawTypeName(writer) === rawTypeName(this) && fixedSizeOf(writer) === fixedSizeOf(this)
      ? identity
      : undefined;
  }

  protected override _export(schema: avro.Schema): void {
    if (this.spec.name === 'decimal') {
      Object.assign(schema, { precision: this.spec.precision, scale: this.spec.scale });
    }
  }

  /** A random valid value (avsc's typings declare `random()` as returning a type; it returns a value). */
  override random(): avro.types.LogicalType {
    return this.randomValue() as avro.types.LogicalType;
  }

  private randomValue(): unknown {
    const { spec } = this;
    if (spec.name === 'decimal') {
      const length = randomInt(1, Math.min(spec.precision, MAX_RANDOM_DIGITS) + 1);
      let digits = '';
      for (let index = 0; index < length; index++) digits += String(randomInt(10));
      const unscaled = BigInt(digits) * (randomInt(2) === 0 ? 1n : -1n);
      return toTwosComplement(unscaled, spec.fixedSize);
    }
    if (spec.name === 'uuid')
      return spec.fixedSize === undefined ? randomUUID() : randomBytes(spec.fixedSize);
    return super.random();
  }
}
