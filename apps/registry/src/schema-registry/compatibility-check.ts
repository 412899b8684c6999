import { checkCompatibility, type CompatibilityLevel, InvalidSchemaError } from '@app/avro';

/** A schema ready to be compared: its JSON and the named types its references define. */
export interface ComparableSchema {
  readonly json: unknown;
  readonly namedTypes: Readonly<Record<string, unknown>>;
}

export interface PreviousVersion {
  readonly version: number;
  readonly schemaId: number;
  readonly schema: ComparableSchema;
}

export interface CompatibilityVerdict {
  compatible: boolean;
  messages: string[];
}

const DIRECTION: Record<CompatibilityLevel, CompatibilityLevel> = {
  NONE: 'NONE',
  BACKWARD: 'BACKWARD',
  BACKWARD_TRANSITIVE: 'BACKWARD',
  FORWARD: 'FORWARD',
  FORWARD_TRANSITIVE: 'FORWARD',
  FULL: 'FULL',
  FULL_TRANSITIVE: 'FULL',
};

/**
 * Checks a candidate against the live versions of a subject (oldest first) under a level: plain levels
 * against the latest, `_TRANSITIVE` ones against every version, newest first.
 *
 * Each pair is checked on its own, because each schema resolves its references' named types through its own
 * reference versions: when both name a type, the candidate's definition is used for both sides (the
 * referenced subject's own compatibility rules govern how that type evolves). Messages name the subject
 * version they concern.
 */
export function checkAgainstVersions(
  level: CompatibilityLevel,
  candidate: ComparableSchema,
  liveOldestFirst: readonly PreviousVersion[],
): CompatibilityVerdict {
  const transitive = level.endsWith('_TRANSITIVE');
  const newestFirst = [...liveOldestFirst].reverse();
  const targets = transitive ? newestFirst : newestFirst.slice(0, 1);
  const messages: string[] = [];
  for (const previous of targets) {
    let result;
    try {
      result = checkCompatibility(DIRECTION[level], candidate.json, [previous.schema.json], {
        ...previous.schema.namedTypes,
        ...candidate.namedTypes,
      });
    } catch (error) {
      if (!(error instanceof InvalidSchemaError)) throw error;
      // A stored version no longer resolves (its references changed underneath): say so, do not fail with 500.
      messages.push(
        `version ${previous.version} (schema id ${previous.schemaId}) cannot be compared: ${error.message}`,
      );
      continue;
    }
    for (const message of result.messages) {
      messages.push(
        message.replace(
          /previous version 1 of 1/g,
          `version ${previous.version} (schema id ${previous.schemaId})`,
        ),
      );
    }
  }
  return { compatible: messages.length === 0, messages };
}
