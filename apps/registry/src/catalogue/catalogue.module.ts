import { Module } from '@nestjs/common';

/** Agencies, API keys, topics, subscriptions, audit and record trails under /v1 (issue 4). */
@Module({})
export class CatalogueModule {}
