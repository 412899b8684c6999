import { Module } from '@nestjs/common';

/** The Confluent-compatible schema registry (issue 3). Must provide and export SchemaLookup. */
@Module({})
export class SchemaRegistryModule {}
