import { InvalidSchemaError } from './invalid-schema-error';
import {
  buildSchemaModel,
  formatLocation,
  type EnumNode,
  type FieldNode,
  type FixedNode,
  type NamedNode,
  type RecordNode,
  type SchemaNode,
} from './schema-model';

export type CompatibilityLevel =
  'NONE' | 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE';

export const COMPATIBILITY_LEVELS: readonly CompatibilityLevel[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
];

/** Java's `SchemaCompatibility.SchemaIncompatibilityType`. */
export type IncompatibilityType =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

export interface Incompatibility {
  type: IncompatibilityType;
  /** JSON-pointer-like location in the reader schema as Java reports it, e.g. `/fields/1/type`; `/` is the root. */
  location: string;
  /** Dotted reader field path, e.g. `child.birthDate`; `''` for the root. */
  path: string;
  /** Names the field path and the rule broken. */
  message: string;
}

export interface CompatibilityResult {
  compatible: boolean;
  /** One line per incompatibility, saying which direction and which previous version it concerns. */
  messages: string[];
  incompatibilities: Incompatibility[];
}

/**
 * The check itself could not run. Java throws (`AvroRuntimeException`) when a reader field matches several
 * writer fields through its name and aliases; Confluent's registry reports such a pair as incompatible,
 * which `checkCompatibility` does too.
 */
export class CompatibilityCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompatibilityCheckError';
  }
}

type Findings = readonly Incompatibility[];

const COMPATIBLE: Findings = [];
const IN_PROGRESS = 'in-progress';

/** The stacks Java keeps while descending: JSON-pointer tokens (root token first) and reader field names. */
interface Trail {
  readonly location: string[];
  readonly path: string[];
}

function javaType(node: SchemaNode): string {
  const type = node.kind.toUpperCase();
  return node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed'
    ? `${type} '${node.fullName}'`
    : type;
}

function where(trail: Trail): string {
  return trail.path.length === 0 ? 'the root' : `'${trail.path.join('.')}'`;
}

/** Java's `schemaNameEquals`: unqualified names, or a reader alias equal to the writer's full name. */
function namesMatch(reader: NamedNode, writer: NamedNode): boolean {
  return reader.name === writer.name || reader.aliases.includes(writer.fullName);
}

/** Java's `lookupWriterField`: by the reader field's name, then its aliases; several matches is an error. */
function lookupWriterField(writer: RecordNode, readerField: FieldNode): FieldNode | undefined {
  const matches = [readerField.name, ...readerField.aliases]
    .map((name) => writer.fields.find((field) => field.name === name))
    .filter((field): field is FieldNode => field !== undefined);
  if (matches.length > 1) {
    throw new CompatibilityCheckError(
      `reader field '${readerField.name}' matches ${matches.length} fields of writer record '${writer.fullName}' ` +
        `through its name and aliases (${matches.map((field) => field.name).join(', ')})`,
    );
  }
  return matches[0];
}

/**
 * A port of Java's `SchemaCompatibility.ReaderWriterCompatibilityChecker` (Avro 1.11), the checker
 * Confluent Schema Registry uses, including its memoisation and location bookkeeping:
 *
 * - Pairs are memoised by node identity. Named types are shared nodes, so a pair met again (a recursive type,
 *   or a type used by two fields) reuses the first result, locations included, and a pair still in progress
 *   counts as compatible, which is how recursion terminates.
 * - Where Java calls its two-argument `getCompatibility` (union branches), the check starts a fresh location
 *   stack and only its verdict is used; where it passes a token, findings are merged with their locations.
 *
 * Logical types play no part, as in Java. avsc's `createResolver` disagrees with Java in places, and Java wins
 * here: avsc matches named types by full name (Java: unqualified name), and reads an enum with unknown
 * writer symbols only lazily, at decode time.
 */
class ReaderWriterChecker {
  private readonly memo = new Map<SchemaNode, Map<SchemaNode, Findings | typeof IN_PROGRESS>>();

  check(reader: SchemaNode, writer: SchemaNode): Incompatibility[] {
    // A memoised result merged at several places appears several times in Java's list; once is enough.
    return [...new Set(this.fresh(reader, writer))];
  }

  /** Java's two-argument `getCompatibility`: a new location stack, rooted at this pair. */
  private fresh(reader: SchemaNode, writer: SchemaNode): Findings {
    return this.visit('', reader, writer, { location: [], path: [] });
  }

  private visit(token: string, reader: SchemaNode, writer: SchemaNode, trail: Trail): Findings {
    trail.location.push(token);
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    const memoised = byWriter.get(writer);
    let result: Findings;
    if (memoised === undefined) {
      byWriter.set(writer, IN_PROGRESS);
      result = this.calculate(reader, writer, trail);
      byWriter.set(writer, result);
    } else {
      result = memoised === IN_PROGRESS ? COMPATIBLE : memoised;
    }
    trail.location.pop();
    return result;
  }

  private incompatible(type: IncompatibilityType, trail: Trail, message: string): Incompatibility {
    return { type, location: formatLocation(trail.location.slice(1)), path: trail.path.join('.'), message };
  }

  private typeMismatch(reader: SchemaNode, writer: SchemaNode, trail: Trail): Findings {
    return [
      this.incompatible(
        'TYPE_MISMATCH',
        trail,
        `reader type ${javaType(reader)} at ${where(trail)} cannot read writer type ${javaType(writer)}`,
      ),
    ];
  }

  private calculate(reader: SchemaNode, writer: SchemaNode, trail: Trail): Findings {
    if (reader.kind === writer.kind) {
      switch (reader.kind) {
        case 'array':
          return this.visit('items', reader.items, (writer as typeof reader).items, trail);
        case 'map':
          return this.visit('values', reader.values, (writer as typeof reader).values, trail);
        case 'fixed':
          return [
            ...this.checkNames(reader, writer as FixedNode, trail),
            ...this.checkFixedSize(reader, writer as FixedNode, trail),
          ];
        case 'enum':
          return [
            ...this.checkNames(reader, writer as EnumNode, trail),
            ...this.checkEnumSymbols(reader, writer as EnumNode, trail),
          ];
        case 'record':
          return [
            ...this.checkNames(reader, writer as RecordNode, trail),
            ...this.checkRecordFields(reader, writer as RecordNode, trail),
          ];
        case 'union': {
          // Every writer branch must be readable; Java reports the branch only, not why it is unreadable.
          const findings: Incompatibility[] = [];
          (writer as typeof reader).branches.forEach((writerBranch, index) => {
            trail.location.push(String(index));
            if (this.fresh(reader, writerBranch).length > 0) {
              findings.push(
                this.incompatible(
                  'MISSING_UNION_BRANCH',
                  trail,
                  `reader union at ${where(trail)} has no branch that can read writer type ${javaType(writerBranch)} ` +
                    `(writer union branch ${index})`,
                ),
              );
            }
            trail.location.pop();
          });
          return findings;
        }
        default:
          return COMPATIBLE;
      }
    }

    if (writer.kind === 'union') {
      // A non-union reader must read every writer branch; findings keep their locations under the branch.
      return writer.branches.flatMap((writerBranch, index) =>
        this.visit(String(index), reader, writerBranch, trail),
      );
    }

    switch (reader.kind) {
      case 'long':
        return writer.kind === 'int' ? COMPATIBLE : this.typeMismatch(reader, writer, trail);
      case 'float':
        return writer.kind === 'int' || writer.kind === 'long'
          ? COMPATIBLE
          : this.typeMismatch(reader, writer, trail);
      case 'double':
        return writer.kind === 'int' || writer.kind === 'long' || writer.kind === 'float'
          ? COMPATIBLE
          : this.typeMismatch(reader, writer, trail);
      case 'bytes':
        return writer.kind === 'string' ? COMPATIBLE : this.typeMismatch(reader, writer, trail);
      case 'string':
        return writer.kind === 'bytes' ? COMPATIBLE : this.typeMismatch(reader, writer, trail);
      case 'union':
        // The first reader branch that reads the writer wins, as in Java and in the specification.
        for (const readerBranch of reader.branches) {
          if (this.fresh(readerBranch, writer).length === 0) return COMPATIBLE;
        }
        return [
          this.incompatible(
            'MISSING_UNION_BRANCH',
            trail,
            `reader union at ${where(trail)} has no branch that can read writer type ${javaType(writer)}`,
          ),
        ];
      default:
        return this.typeMismatch(reader, writer, trail);
    }
  }

  private checkNames(reader: NamedNode, writer: NamedNode, trail: Trail): Findings {
    if (namesMatch(reader, writer)) return COMPATIBLE;
    trail.location.push('name');
    const finding = this.incompatible(
      'NAME_MISMATCH',
      trail,
      `reader ${reader.kind} '${reader.fullName}' at ${where(trail)} cannot read writer ${writer.kind} ` +
        `'${writer.fullName}': the names differ (compared without namespace) and no reader alias is ` +
        `'${writer.fullName}'`,
    );
    trail.location.pop();
    return [finding];
  }

  private checkFixedSize(reader: FixedNode, writer: FixedNode, trail: Trail): Findings {
    if (reader.size === writer.size) return COMPATIBLE;
    trail.location.push('size');
    const finding = this.incompatible(
      'FIXED_SIZE_MISMATCH',
      trail,
      `reader fixed '${reader.fullName}' at ${where(trail)} has size ${reader.size} but the writer's has size ` +
        `${writer.size}`,
    );
    trail.location.pop();
    return [finding];
  }

  private checkEnumSymbols(reader: EnumNode, writer: EnumNode, trail: Trail): Findings {
    // Java sorts the missing symbols (a TreeSet); sorting keeps messages identical whatever the order.
    const missing = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol)).sort();
    if (missing.length === 0 || reader.defaultSymbol !== undefined) return COMPATIBLE;
    trail.location.push('symbols');
    const finding = this.incompatible(
      'MISSING_ENUM_SYMBOLS',
      trail,
      `reader enum '${reader.fullName}' at ${where(trail)} lacks writer symbols [${missing.join(', ')}] and has ` +
        'no default symbol to read them as',
    );
    trail.location.pop();
    return [finding];
  }

  private checkRecordFields(reader: RecordNode, writer: RecordNode, trail: Trail): Findings {
    const findings: Incompatibility[] = [];
    trail.location.push('fields');
    for (const readerField of reader.fields) {
      trail.location.push(String(readerField.position));
      trail.path.push(readerField.name);
      const writerField = lookupWriterField(writer, readerField);
      if (writerField !== undefined) {
        findings.push(...this.visit('type', readerField.type, writerField.type, trail));
      } else if (!readerField.hasDefault) {
        if (readerField.type.kind === 'enum' && readerField.type.defaultSymbol !== undefined) {
          // Java 1.11 compares such an enum with the writer RECORD itself, which always yields a
          // TYPE_MISMATCH at `.../type`: an enum default does not stand in for a missing field default.
          findings.push(...this.visit('type', readerField.type, writer, trail));
        } else {
          findings.push(
            this.incompatible(
              'READER_FIELD_MISSING_DEFAULT_VALUE',
              trail,
              `reader field '${readerField.name}' at ${where(trail)} has no default value and is missing from the ` +
                'writer schema',
            ),
          );
        }
      }
      trail.path.pop();
      trail.location.pop();
    }
    trail.location.pop();
    return findings;
  }
}

function incompatibilities(reader: SchemaNode, writer: SchemaNode): Incompatibility[] {
  return new ReaderWriterChecker().check(reader, writer);
}

/** Builds a schema, saying which of the schemas compared is invalid. */
function buildNamed(json: unknown, namedTypes: Readonly<Record<string, unknown>>, what: string): SchemaNode {
  try {
    return buildSchemaModel(json, namedTypes);
  } catch (error) {
    if (!(error instanceof InvalidSchemaError)) throw error;
    throw new InvalidSchemaError(`${what}: ${error.message}`, error.location);
  }
}

/**
 * Whether data written with `writer` can always be read with `reader`, following Java's
 * `SchemaCompatibility.checkReaderWriterCompatibility`; empty when compatible.
 *
 * @param reader parsed schema JSON
 * @param writer parsed schema JSON
 * @param namedTypes types referenced by name but defined in referenced schemas, full name → schema JSON
 * @throws InvalidSchemaError when either schema is not valid Avro
 * @throws CompatibilityCheckError when a reader field matches several writer fields (Java throws too)
 */
export function readerCanRead(
  reader: unknown,
  writer: unknown,
  namedTypes: Readonly<Record<string, unknown>> = {},
): Incompatibility[] {
  return incompatibilities(
    buildNamed(reader, namedTypes, 'reader schema'),
    buildNamed(writer, namedTypes, 'writer schema'),
  );
}

const LEVEL_RULES: Readonly<
  Record<CompatibilityLevel, { backward: boolean; forward: boolean; transitive: boolean }>
> = {
  NONE: { backward: false, forward: false, transitive: false },
  BACKWARD: { backward: true, forward: false, transitive: false },
  BACKWARD_TRANSITIVE: { backward: true, forward: false, transitive: true },
  FORWARD: { backward: false, forward: true, transitive: false },
  FORWARD_TRANSITIVE: { backward: false, forward: true, transitive: true },
  FULL: { backward: true, forward: true, transitive: false },
  FULL_TRANSITIVE: { backward: true, forward: true, transitive: true },
};

/**
 * Confluent's compatibility levels. BACKWARD: the candidate (reader) reads the latest previous version
 * (writer). FORWARD: the latest previous version (reader) reads the candidate (writer). FULL: both.
 * *_TRANSITIVE: against every previous version, newest first, instead of the latest only. NONE, or no previous
 * version, is always compatible.
 *
 * @param previous live versions, oldest first
 * @param namedTypes types referenced by name but defined in referenced schemas, full name → schema JSON
 * @throws InvalidSchemaError when a schema is not valid Avro
 */
export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: unknown,
  previous: readonly unknown[],
  namedTypes: Readonly<Record<string, unknown>> = {},
): CompatibilityResult {
  const rule = Object.hasOwn(LEVEL_RULES, level) ? LEVEL_RULES[level] : undefined;
  if (rule === undefined) {
    throw new RangeError(
      `unknown compatibility level '${String(level)}'; expected one of ${COMPATIBILITY_LEVELS.join(', ')}`,
    );
  }
  const messages: string[] = [];
  const found: Incompatibility[] = [];
  if (previous.length === 0 || (!rule.backward && !rule.forward)) {
    return { compatible: true, messages, incompatibilities: found };
  }
  const candidateNode = buildNamed(candidate, namedTypes, 'new schema');
  const newestFirst = previous.map((_, index) => index).reverse();
  for (const index of rule.transitive ? newestFirst : newestFirst.slice(0, 1)) {
    const version = `previous version ${index + 1} of ${previous.length}`;
    const previousNode = buildNamed(previous[index], namedTypes, version);
    const directions: [string, SchemaNode, SchemaNode, boolean][] = [
      [
        `BACKWARD: the new schema cannot read data written with ${version}`,
        candidateNode,
        previousNode,
        rule.backward,
      ],
      [
        `FORWARD: ${version} cannot read data written with the new schema`,
        previousNode,
        candidateNode,
        rule.forward,
      ],
    ];
    for (const [context, reader, writer, wanted] of directions) {
      if (!wanted) continue;
      try {
        for (const incompatibility of incompatibilities(reader, writer)) {
          found.push(incompatibility);
          messages.push(
            `${context}: ${incompatibility.message} [${incompatibility.type} at ${incompatibility.location}]`,
          );
        }
      } catch (error) {
        if (!(error instanceof CompatibilityCheckError)) throw error;
        messages.push(`${context}: ${error.message}`);
      }
    }
  }
  return { compatible: messages.length === 0, messages, incompatibilities: found };
}
