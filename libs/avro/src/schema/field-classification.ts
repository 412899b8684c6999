import * as avro from 'avsc';
import { InvalidSchemaError } from './invalid-schema-error';
import { describeJson } from './json-value';
import type { ParsedSchema } from './parse-schema';
import { buildSchemaModel, type FieldNode, type RecordNode, type SchemaNode } from './schema-model';

export const CLASSIFICATIONS = ['public', 'internal', 'personal', 'sensitive'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

const KNOWN: ReadonlySet<unknown> = new Set(CLASSIFICATIONS);
const PERSONAL: ReadonlySet<Classification | undefined> = new Set(['personal', 'sensitive']);

export interface FieldClassification {
  /**
   * Dotted field names from the root record, e.g. `child.birthPlace.regencyCode`. Arrays, maps and unions are
   * transparent: a field of the records in `children: array<Child>` is `children.name`, of `spouse: ["null",
   * Person]` is `spouse.name`. Two union branches with a same-named field yield two entries with one path.
   */
  path: string;
  /** As written on the field; undefined when the field carries none (callers decide the default). */
  classification: Classification | undefined;
}

function isParsedSchema(schema: unknown): schema is ParsedSchema {
  // Schema JSON never holds an avsc Type instance, so this cannot mistake a schema for a parse result.
  return (
    typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type instanceof avro.Type
  );
}

function classificationOf(field: FieldNode, path: string): Classification | undefined {
  if (!Object.hasOwn(field.attributes, 'classification')) return undefined;
  const value = field.attributes.classification;
  if (!KNOWN.has(value)) {
    const where = `${field.source === undefined ? '' : `${field.source} `}${field.location}/classification`;
    throw new InvalidSchemaError(
      `field '${path}' has unknown classification ${describeJson(value)}; allowed: ${CLASSIFICATIONS.join(', ')} (at ${where})`,
      `${field.location}/classification`,
    );
  }
  return value as Classification;
}

/**
 * Every field of every record reachable from the root, depth first in declaration order, with its
 * `classification` attribute. Classifications are not inherited: a `personal` record field does not make the
 * fields inside it personal; callers projecting fields drop a whole subtree by its parent path. A recursive
 * record is walked once per path down to where it recurses.
 *
 * @param schema a {@link ParsedSchema} (its named types are used) or schema JSON
 * @param namedTypes types defined in referenced schemas, full name → schema JSON
 * @throws InvalidSchemaError for an invalid schema or a classification outside {@link CLASSIFICATIONS}
 */
export function fieldClassifications(
  schema: unknown,
  namedTypes: Readonly<Record<string, unknown>> = {},
): FieldClassification[] {
  const root = isParsedSchema(schema)
    ? buildSchemaModel(schema.json, { ...schema.namedTypes, ...namedTypes })
    : buildSchemaModel(schema, namedTypes);
  const found: FieldClassification[] = [];
  const walking = new Set<RecordNode>();
  const visit = (node: SchemaNode, prefix: string): void => {
    switch (node.kind) {
      case 'record':
        if (walking.has(node)) return;
        walking.add(node);
        for (const field of node.fields) {
          const path = prefix === '' ? field.name : `${prefix}.${field.name}`;
          found.push({ path, classification: classificationOf(field, path) });
          visit(field.type, path);
        }
        walking.delete(node);
        return;
      case 'union':
        for (const branch of node.branches) visit(branch, prefix);
        return;
      case 'array':
        return visit(node.items, prefix);
      case 'map':
        return visit(node.values, prefix);
      default:
        return;
    }
  };
  visit(root, '');
  return found;
}

/** @throws InvalidSchemaError when a field's classification is not one of {@link CLASSIFICATIONS} */
export function validateClassifications(
  schema: unknown,
  namedTypes: Readonly<Record<string, unknown>> = {},
): void {
  fieldClassifications(schema, namedTypes);
}

/** Paths (see {@link FieldClassification.path}) classified `personal` or `sensitive`, without duplicates. */
export function personalFields(
  schema: unknown,
  namedTypes: Readonly<Record<string, unknown>> = {},
): string[] {
  const paths = fieldClassifications(schema, namedTypes)
    .filter((field) => PERSONAL.has(field.classification))
    .map((field) => field.path);
  return [...new Set(paths)];
}
