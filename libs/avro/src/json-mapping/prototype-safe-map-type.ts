import * as avro from 'avsc';

/** The parts of avsc's internal Tap (its read cursor) that reading a map needs; pinned by avsc 5.7.9. */
interface AvscTap {
  readonly buf: Buffer;
  readonly pos: number;
  readLong(): number;
  skipLong(): void;
  readString(): string;
}

/** avsc's internal per-type reading and copying, which every avsc type implements. */
interface AvscTypeInternals {
  _read(tap: AvscTap): unknown;
  _copy(value: unknown, options: unknown): unknown;
}

/** A map object whose keys are plain data: `__proto__` is an ordinary own key, never the prototype. */
export function createMapObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/**
 * avsc's map, except that decoded maps and copies (field defaults) are objects without a prototype. avsc
 * builds them with `{}` and `map[key] = value`, so a map key `__proto__` coming off the wire would replace
 * the decoded object's prototype and vanish from its keys.
 */
export class PrototypeSafeMapType extends avro.types.MapType {
  /** Overrides avsc's internal reader (not in its typings). */
  _read(tap: AvscTap): Record<string, unknown> {
    const values = this.valuesType as AvscTypeInternals;
    const map = createMapObject();
    for (;;) {
      let count = tap.readLong();
      if (count === 0) return map;
      if (count < 0) {
        // A negative count is followed by the block's size in bytes, which we do not need.
        count = -count;
        tap.skipLong();
      }
      for (; count > 0; count--) {
        // Truncated input: stop now rather than spin through a hostile count; avsc reports the truncation.
        if (tap.pos > tap.buf.length) return map;
        const key = tap.readString();
        map[key] = values._read(tap);
      }
    }
  }

  /** Overrides avsc's internal copy (used for field defaults and `clone`). */
  _copy(value: unknown, options: unknown): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`invalid map: ${String(value)}`);
    }
    const values = this.valuesType as AvscTypeInternals;
    const source = value as Record<string, unknown>;
    const copy = createMapObject();
    for (const key of Object.keys(source)) copy[key] = values._copy(source[key], options);
    return copy;
  }
}
