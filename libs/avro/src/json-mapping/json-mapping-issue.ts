/** One reason a JSON value does not map to the schema. */
export interface JsonMappingIssue {
  /**
   * Where the problem is: field names joined by dots, array indexes and map keys in brackets, e.g.
   * `child.birthPlace.regencyCode`, `kbliCodes[2]`, `labels["warna"]`; empty for the value itself.
   */
  path: string;
  message: string;
}

/**
 * A value handed to `toJson` (normally fresh from `decode`) is not a value of the schema's avsc type. It is a
 * programming error, never the fault of an HTTP client: JSON input reports issues instead.
 */
export class JsonMappingError extends Error {
  constructor(
    /** Path of the offending value, in the same notation as {@link JsonMappingIssue.path}. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(path === '' ? reason : `${path}: ${reason}`);
    this.name = 'JsonMappingError';
  }
}
