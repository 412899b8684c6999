import {
  describeNode,
  unwrapNullable,
  type FieldNode,
  type RecordNode,
  type SchemaNode,
} from './avro-schema-tree';

/** Avro's name rule; field path segments must follow it. */
export const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PathStep {
  field: FieldNode;
  /** The field's type with a `["null", X]` wrapper removed. */
  node: SchemaNode;
  /** The field itself may be null. */
  nullable: boolean;
}

export type PathResolution =
  | { ok: true; steps: PathStep[] }
  | {
      ok: false;
      /** Index of the segment that could not be resolved. */
      segmentIndex: number;
      message: string;
    };

/**
 * Splits a dotted path and checks every segment is an Avro name. Returns a message instead of segments when
 * it is malformed.
 */
export function splitPath(path: string): { segments: string[] } | { message: string } {
  if (path === '') return { message: 'the path is empty' };
  const segments = path.split('.');
  for (const segment of segments) {
    if (segment === '') return { message: `'${path}' has an empty segment` };
    if (!AVRO_NAME.test(segment)) {
      return { message: `'${path}' is not a field path: ${JSON.stringify(segment)} is not an Avro name` };
    }
  }
  return { segments };
}

function closeMatch(record: RecordNode, name: string): string | undefined {
  const lower = name.toLowerCase();
  return record.fields.find((field) => field.name.toLowerCase() === lower)?.name;
}

/**
 * Walks `segments` from the root record. A path may step into a record or a nullable record (`["null", R]`)
 * and nothing else: arrays, maps and other unions end a path.
 */
export function resolvePath(root: RecordNode, segments: readonly string[]): PathResolution {
  const steps: PathStep[] = [];
  let current: SchemaNode = root;
  for (let index = 0; index < segments.length; index++) {
    const name = segments[index] as string;
    if (current.kind !== 'record') {
      const parent = segments.slice(0, index).join('.');
      return {
        ok: false,
        segmentIndex: index,
        message: `'${parent}' is ${describeNode(current)}, not a record, so it has no field '${name}'`,
      };
    }
    const field = current.fieldsByName.get(name);
    if (field === undefined) {
      const hint = closeMatch(current, name);
      return {
        ok: false,
        segmentIndex: index,
        message:
          `unknown field '${name}' in record ${current.name}` +
          (hint === undefined ? '' : ` (did you mean '${hint}'?)`),
      };
    }
    const { node, nullable } = unwrapNullable(field.type);
    steps.push({ field, node, nullable });
    current = node;
  }
  return { ok: true, steps };
}
