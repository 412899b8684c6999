import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSubscriptionTerms } from './subscription-terms';
import { SubscriptionTermsError } from './subscriptions.errors';

const schema: unknown = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', '..', '..', 'schemas', 'kependudukan.kelahiran.v1.avsc'),
    'utf8',
  ),
);

function termsError(fields: string[], filter: string | null = null): SubscriptionTermsError {
  try {
    checkSubscriptionTerms(schema, fields, filter);
  } catch (error) {
    if (error instanceof SubscriptionTermsError) return error;
    throw error;
  }
  throw new Error('terms were accepted');
}

describe('checkSubscriptionTerms', () => {
  it('stores leaf paths and the canonical filter', () => {
    expect(
      checkSubscriptionTerms(
        schema,
        ['registrationId', 'child.birthPlace'],
        "child.sex == 'PEREMPUAN' AND NOT registrationOffice IN ['a']",
      ),
    ).toEqual({
      fields: [
        'registrationId',
        'child.birthPlace.regencyCode',
        'child.birthPlace.regencyName',
        'child.birthPlace.provinceCode',
      ],
      filter: "child.sex == 'PEREMPUAN' and not registrationOffice in ['a']",
    });
  });

  it('refuses personal and sensitive leaves implied by their record, naming each', () => {
    const error = termsError(['child']);
    expect(error.issues.fields?.map((issue) => issue.path)).toEqual([
      'child.nik',
      'child.fullName',
      'child.birthDate',
      'child.birthWeightGrams',
    ]);
  });

  it('accepts personal leaves named one by one', () => {
    expect(checkSubscriptionTerms(schema, ['child.nik', 'motherNik'], null).fields).toEqual([
      'child.nik',
      'motherNik',
    ]);
  });

  it('reports unknown paths and wildcards with their paths', () => {
    expect(termsError(['child.nama', 'all']).issues.fields?.map((issue) => issue.path)).toEqual([
      'child.nama',
      'all',
    ]);
  });

  it('reports a syntax error at its position, and every type error at theirs', () => {
    expect(termsError(['registrationId'], 'registrationOffice == ').issues.filter).toEqual([
      { position: 22, message: expect.stringContaining('expected a value') as unknown },
    ]);
    expect(
      termsError(['registrationId'], "child.sex > 'LAKI_LAKI' or child.birthDate == 1").issues.filter?.map(
        (issue) => issue.position,
      ),
    ).toEqual([10, 46]);
  });

  it('refuses a schema that is not a record', () => {
    expect(() => checkSubscriptionTerms('string', ['x'], null)).toThrow(/cannot be projected/);
  });
});
