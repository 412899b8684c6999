export * from './avro-codec';
export * from './schema-directory';
export * from './wire-format';
export * from './schema';
export * from './json-mapping';
