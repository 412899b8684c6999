import { type DynamicModule, Module } from '@nestjs/common';
import { CATALOGUE_REFRESH_MS, CatalogueSnapshot } from './catalogue-snapshot';
import { SchemaStore } from './schema-store';

/** Read access to topics, subscriptions and schemas for the data plane. Needs PersistenceModule. */
@Module({})
export class CatalogueReadModule {
  static forRoot(options: { refreshMs: number }): DynamicModule {
    return {
      module: CatalogueReadModule,
      global: true,
      providers: [
        { provide: CATALOGUE_REFRESH_MS, useValue: options.refreshMs },
        CatalogueSnapshot,
        SchemaStore,
      ],
      exports: [CatalogueSnapshot, SchemaStore],
    };
  }
}
