import { RegistryError } from '../schema-registry.errors';
import { parseRegisterSchemaRequest } from './register-schema.request';

function refusal(body: unknown): { errorCode: number; message: string } {
  try {
    parseRegisterSchemaRequest(body);
  } catch (error) {
    if (error instanceof RegistryError) return { errorCode: error.errorCode, message: error.message };
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseRegisterSchemaRequest', () => {
  it('reads schema, references, id and version, and ignores what newer clients add', () => {
    expect(
      parseRegisterSchemaRequest({
        schema: '"string"',
        schemaType: 'avro',
        references: [{ name: 'id.go.Address', subject: 'address-value', version: 2 }],
        id: 7,
        version: 3,
        metadata: null,
        ruleSet: null,
        normalize: false,
      }),
    ).toEqual({
      schema: '"string"',
      references: [{ name: 'id.go.Address', subject: 'address-value', version: 2 }],
      id: 7,
      version: 3,
    });
    expect(parseRegisterSchemaRequest({ schema: '"int"', references: null, id: null })).toEqual({
      schema: '"int"',
      references: [],
    });
  });

  it.each([
    [[], 422, 'request body must be a JSON object'],
    [{ schema: 5 }, 42201, "'schema' must be a string holding the schema JSON, got a number"],
    [{}, 42201, 'got nothing'],
    [{ schema: '' }, 42201, "'schema' is empty"],
    [{ schema: '"int"', schemaType: 'PROTOBUF' }, 42201, 'schema type PROTOBUF is unsupported'],
    [{ schema: '"int"', schemaType: 'JSON' }, 42201, 'schema type JSON is unsupported'],
    [{ schema: '"int"', schemaType: 'YAML' }, 42201, "unknown schema type 'YAML'"],
    [{ schema: '"int"', schemaType: 1 }, 422, "'schemaType' must be a string"],
    [{ schema: '"int"', references: {} }, 422, "'references' must be an array"],
    [{ schema: '"int"', references: [{ name: '', subject: 's', version: 1 }] }, 422, 'references[0].name'],
    [{ schema: '"int"', references: [{ name: 'n', subject: 4, version: 1 }] }, 422, 'references[0].subject'],
    [
      { schema: '"int"', references: [{ name: 'a\u0000b', subject: 's', version: 1 }] },
      422,
      'without control',
    ],
    [
      { schema: '"int"', references: [{ name: 'n', subject: 's', version: 0 }] },
      422,
      'references[0].version',
    ],
    [{ schema: '"int"', id: 0 }, 422, "'id' must be an integer from 1"],
    [{ schema: '"int"', version: 1.5 }, 422, "'version' must be an integer from 1"],
  ])('refuses %j with %d', (body, errorCode, message) => {
    const refused = refusal(body);
    expect(refused.errorCode).toBe(errorCode);
    expect(refused.message).toContain(message);
  });
});
