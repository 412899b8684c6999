import * as avro from 'avsc';
import * as routing from './index';
import { kelahiranSchema, kelahiranValue } from './testing/schemas.fixture';

describe('@app/routing barrel', () => {
  it('exports the public API', () => {
    expect(Object.keys(routing).sort()).toEqual(
      [
        'FILTER_LIMITS',
        'FilterSyntaxError',
        'FilterTypeError',
        'ProjectionError',
        'ProjectionValueError',
        'RoutingSchemaError',
        'checkFilter',
        'classifiedLeafPaths',
        'compileFilter',
        'compileProjection',
        'expandProjection',
        'formatFilter',
        'implicitLeafPaths',
        'parseFilter',
        'projectSchema',
        'projectValue',
        'subscriptionSchema',
        'subscriptionSubject',
        'validateProjection',
      ].sort(),
    );
  });

  it('routes one record the way the router will: filter, then project, then encode', () => {
    const schema = kelahiranSchema();
    // Approval time: validate, pin the leaves, derive the subscriber's schema, type-check the filter.
    const requested = ['registrationId', 'child.sex', 'child.birthDate', 'child.birthPlace'];
    expect(routing.validateProjection(schema, requested)).toEqual([]);
    const approved = routing.expandProjection(schema, requested);
    const projectedSchema = routing.projectSchema(schema, approved, {
      name: 'KelahiranBpjs',
      namespace: 'id.go.bpjs',
    });
    const filter = routing.parseFilter(
      "child.birthPlace.provinceCode == '31' AND child.birthDate >= '2024-01-01'",
    );
    expect(routing.checkFilter(filter, schema)).toEqual([]);

    // Hot loop: compiled once, applied per record.
    const matches = routing.compileFilter(filter, schema);
    const project = routing.compileProjection(schema, approved);
    const type = avro.Type.forSchema(projectedSchema as avro.Schema);
    const record = kelahiranValue();
    expect(matches(record)).toBe(true);
    expect(type.fromBuffer(type.toBuffer(project(record)))).toEqual({
      registrationId: 'REG-3171-2024-000123',
      child: { sex: 'PEREMPUAN', birthDate: 19746, birthPlace: { regencyCode: '3171', provinceCode: '31' } },
    });
    expect(routing.formatFilter(filter)).toBe(
      "child.birthPlace.provinceCode == '31' and child.birthDate >= '2024-01-01'",
    );
  });
});
