export * from './canonical-json';
export * from './compatibility';
export * from './field-classification';
export * from './invalid-schema-error';
export * from './parse-schema';
