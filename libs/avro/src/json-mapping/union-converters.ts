import { isJsonObject } from '../schema/json-value';
import { type Converter, JsonKind, jsonKindOf } from './converter';
import {
  enterFromJson,
  enterToJson,
  type FromJsonContext,
  type MappingContext,
  reportIssue,
  reportMismatch,
  valueMismatch,
} from './json-path';

/** `["null", T]` and `[T, "null"]`: null, or T's plain JSON. The avsc value is null or T's value. */
export function nullableConverter(inner: Converter): Converter {
  const expected = `${inner.expected} or null`;
  return {
    expected,
    jsonKinds: inner.jsonKinds | JsonKind.Null,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (json === null) return null;
      if ((jsonKindOf(json) & inner.jsonKinds) === 0) return reportMismatch(context, expected, json);
      return inner.fromJson(json, context);
    },
    toJson(value: unknown, context: MappingContext): unknown {
      return value === null ? null : inner.toJson(value, context);
    },
  };
}

export interface UnionBranch {
  /** The branch name of the Avro JSON encoding: the full name of a named type, else the type name. */
  readonly name: string;
  readonly converter: Converter;
}

const SCALAR_KINDS = JsonKind.Boolean | JsonKind.Number | JsonKind.String;
const ALL_KINDS = [
  JsonKind.Null,
  JsonKind.Boolean,
  JsonKind.Number,
  JsonKind.String,
  JsonKind.Array,
  JsonKind.Object,
];

function quotedList(names: readonly string[]): string {
  return names.map((name) => `{"${name}": …}`).join(' or ');
}

/**
 * Every other union. JSON is the Avro JSON encoding `{"<branch>": value}` (null stays null), or a plain value
 * when exactly one branch takes it. Plain objects and arrays are matched by kind alone (one record, map or
 * array branch), never by trying several records: that would cost exponential time on nested unions.
 * The avsc value is wrapped the same way, and so is the JSON that `toJson` gives.
 */
export function wrappedUnionConverter(branches: readonly UnionBranch[]): Converter {
  const byName = new Map<string, UnionBranch>();
  for (const branch of branches) byName.set(branch.name, branch);
  const hasNull = byName.has('null');
  const valued = branches.filter((branch) => branch.name !== 'null');
  const candidates = new Map<number, readonly UnionBranch[]>();
  for (const kind of ALL_KINDS) {
    candidates.set(
      kind,
      valued.filter((branch) => (branch.converter.jsonKinds & kind) !== 0),
    );
  }
  const names = branches.map((branch) => branch.name).join(', ');
  const expected = `a value of union [${names}]: ${hasNull ? 'null, ' : ''}{"<branch>": value}, or a plain value only one branch takes`;
  const jsonKinds =
    valued.reduce<number>((kinds, branch) => kinds | branch.converter.jsonKinds, JsonKind.Object) |
    (hasNull ? JsonKind.Null : 0);

  function wrap(name: string, value: unknown): Record<string, unknown> {
    const wrapped: Record<string, unknown> = {};
    wrapped[name] = value;
    return wrapped;
  }

  function convertBranch(branch: UnionBranch, json: unknown, context: FromJsonContext): unknown {
    return wrap(branch.name, branch.converter.fromJson(json, context));
  }

  /** Tries each scalar branch; the one that takes the value alone wins. */
  function probe(fits: readonly UnionBranch[], json: unknown, context: FromJsonContext): unknown {
    const before = context.issues.length;
    const taken: { branch: UnionBranch; value: unknown }[] = [];
    for (const branch of fits) {
      const value = branch.converter.fromJson(json, context);
      if (context.issues.length === before) taken.push({ branch, value });
      context.issues.length = before;
    }
    const only = taken.length === 1 ? taken[0] : undefined;
    if (only !== undefined) return wrap(only.branch.name, only.value);
    if (taken.length === 0) return reportMismatch(context, expected, json);
    const takers = taken.map(({ branch }) => branch.name);
    return reportIssue(
      context,
      `ambiguous value for union [${names}]: branches ${takers.join(' and ')} all take it; send ${quotedList(takers)}`,
    );
  }

  return {
    expected,
    jsonKinds,
    fromJson(json: unknown, context: FromJsonContext): unknown {
      if (json === null) return hasNull ? null : reportMismatch(context, expected, json);
      if (isJsonObject(json)) {
        const keys = Object.keys(json);
        const branch = keys.length === 1 && keys[0] !== 'null' ? byName.get(keys[0] ?? '') : undefined;
        if (branch !== undefined) {
          if (!enterFromJson(context)) return undefined;
          const value = convertBranch(branch, json[branch.name], context);
          context.depth--;
          return value;
        }
      }
      const kind = jsonKindOf(json);
      const fits = candidates.get(kind) ?? [];
      const first = fits[0];
      if (first === undefined) return reportMismatch(context, expected, json);
      if (fits.length === 1) return convertBranch(first, json, context);
      if ((kind & SCALAR_KINDS) !== 0) return probe(fits, json, context);
      const takers = fits.map((branch) => branch.name);
      return reportIssue(
        context,
        `ambiguous ${kind === JsonKind.Array ? 'array' : 'object'} for union [${names}]: it could be ${takers.join(' or ')}; send ${quotedList(takers)}`,
      );
    },
    toJson(value: unknown, context: MappingContext): unknown {
      if (value === null) return hasNull ? null : valueMismatch(context, expected, value);
      if (typeof value !== 'object')
        return valueMismatch(context, 'a wrapped union value {"<branch>": value}', value);
      const keys = Object.keys(value);
      const branch = keys.length === 1 ? byName.get(keys[0] ?? '') : undefined;
      if (branch === undefined || branch.name === 'null') {
        return valueMismatch(
          context,
          `a wrapped union value {"<branch>": value} with a branch of [${names}]`,
          value,
        );
      }
      enterToJson(context);
      const json = wrap(
        branch.name,
        branch.converter.toJson((value as Record<string, unknown>)[branch.name], context),
      );
      context.depth--;
      return json;
    },
  };
}
