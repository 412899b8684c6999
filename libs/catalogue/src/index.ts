export * from './catalogue-read.module';
export * from './catalogue-snapshot';
export * from './schema-store';
