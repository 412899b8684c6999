/**
 * Schemas shared by the routing specs. Functions rather than constants, so that a spec mutating its copy
 * cannot leak into another.
 */

/** The birth registration record of the brief, as published by Dukcapil. */
export function kelahiranSchema(): Record<string, unknown> {
  return {
    type: 'record',
    name: 'Kelahiran',
    namespace: 'id.go.dukcapil.kependudukan',
    fields: [
      { name: 'registrationId', type: 'string' },
      {
        name: 'child',
        type: {
          type: 'record',
          name: 'Anak',
          fields: [
            { name: 'nik', type: 'string', classification: 'personal' },
            { name: 'fullName', type: 'string', classification: 'personal' },
            {
              name: 'sex',
              type: { type: 'enum', name: 'JenisKelamin', symbols: ['LAKI_LAKI', 'PEREMPUAN'] },
            },
            { name: 'birthDate', type: { type: 'int', logicalType: 'date' } },
            {
              name: 'birthPlace',
              type: {
                type: 'record',
                name: 'Wilayah',
                fields: [
                  { name: 'regencyCode', type: 'string' },
                  { name: 'provinceCode', type: 'string' },
                ],
              },
            },
            { name: 'birthWeightGrams', type: ['null', 'int'], default: null },
          ],
        },
      },
      { name: 'fatherNik', type: ['null', 'string'], default: null, classification: 'sensitive' },
      { name: 'registeredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    ],
  };
}

/**
 * The next version of Kelahiran: a field added at the top, in `Anak` (in the middle) and in `Wilayah`,
 * all with defaults, as backward-compatible evolution allows.
 */
export function kelahiranSchemaV2(): Record<string, unknown> {
  const schema = kelahiranSchema();
  const fields = schema['fields'] as Record<string, unknown>[];
  fields.splice(1, 0, { name: 'certificateNumber', type: ['null', 'string'], default: null });
  const anak = (fields[2] as { type: { fields: Record<string, unknown>[] } }).type;
  anak.fields.splice(2, 0, {
    name: 'motherNik',
    type: ['null', 'string'],
    default: null,
    classification: 'personal',
  });
  const wilayah = (
    anak.fields.find((field) => field['name'] === 'birthPlace') as { type: { fields: unknown[] } }
  ).type;
  wilayah.fields.push({ name: 'districtCode', type: 'string', default: '' });
  return schema;
}

/** A value valid for `kelahiranSchema()` (dates as avsc decodes them without logical types: numbers). */
export function kelahiranValue(): Record<string, unknown> {
  return {
    registrationId: 'REG-3171-2024-000123',
    child: {
      nik: '3171012401240001',
      fullName: 'Siti Aminah',
      sex: 'PEREMPUAN',
      birthDate: 19746, // 2024-01-24
      birthPlace: { regencyCode: '3171', provinceCode: '31' },
      birthWeightGrams: 3100,
    },
    fatherNik: '3171010101900002',
    registeredAt: 1706081400000, // 2024-01-24T07:30:00Z
  };
}

/**
 * A family card (Kartu Keluarga) exercising what Kelahiran lacks: a named record reused by reference and
 * through `["null", R]`, a type from another namespace, arrays and maps of records, fixed, bytes, boolean,
 * double, timestamp-micros, aliases, `order`, docs and custom attributes on types.
 */
export function keluargaSchema(): Record<string, unknown> {
  return {
    type: 'record',
    name: 'KartuKeluarga',
    namespace: 'id.go.dukcapil.kk',
    doc: 'A family card as registered',
    aliases: ['KK'],
    fields: [
      { name: 'kkNumber', type: 'string', doc: 'Family card number', classification: 'personal' },
      {
        name: 'address',
        type: {
          type: 'record',
          name: 'Alamat',
          doc: 'A postal address',
          classification: 'personal',
          aliases: ['Address'],
          fields: [
            { name: 'street', type: 'string', classification: 'personal' },
            { name: 'rt', type: 'int', order: 'descending' },
            {
              name: 'region',
              type: {
                type: 'record',
                name: 'Wilayah',
                namespace: 'id.go.bps',
                fields: [
                  { name: 'regencyCode', type: 'string' },
                  { name: 'provinceCode', type: 'string' },
                ],
              },
            },
          ],
        },
      },
      {
        name: 'previousAddress',
        type: ['null', 'Alamat'],
        default: null,
        doc: 'Address before moving, if any',
      },
      {
        name: 'mailingAddress',
        type: ['Alamat', 'null'],
        default: { street: 'Jl. Merdeka 1', rt: 1, region: { regencyCode: '3171', provinceCode: '31' } },
      },
      { name: 'regionOfIssue', type: 'id.go.bps.Wilayah' },
      {
        name: 'head',
        type: {
          type: 'record',
          name: 'Anggota',
          fields: [
            { name: 'nik', type: 'string', classification: 'personal' },
            { name: 'name', type: 'string', classification: 'personal' },
            { name: 'isHead', type: 'boolean', default: false },
            {
              name: 'relation',
              type: {
                type: 'enum',
                name: 'Hubungan',
                symbols: ['KEPALA', 'ISTRI', 'SUAMI', 'ANAK', 'LAINNYA'],
              },
            },
          ],
        },
      },
      { name: 'members', type: { type: 'array', items: 'Anggota' }, default: [] },
      { name: 'notes', type: { type: 'map', values: 'string' }, default: {} },
      { name: 'checksum', type: { type: 'fixed', name: 'Sha256', size: 32 } },
      { name: 'photo', type: ['null', 'bytes'], default: null },
      { name: 'incomeScore', type: 'double' },
      { name: 'issuedAt', type: { type: 'long', logicalType: 'timestamp-micros' } },
      { name: 'verified', type: 'boolean' },
      { name: 'memberCount', type: 'long' },
      { name: 'extra', type: ['null', 'string', 'int'], default: null },
    ],
  };
}

export function keluargaValue(): Record<string, unknown> {
  const region = { regencyCode: '3171', provinceCode: '31' };
  return {
    kkNumber: '3171010101010001',
    address: { street: 'Jl. Kebon Sirih 5', rt: 3, region },
    previousAddress: { street: 'Jl. Dago 10', rt: 7, region: { regencyCode: '3273', provinceCode: '32' } },
    mailingAddress: null,
    regionOfIssue: region,
    head: { nik: '3171010101800001', name: 'Budi', isHead: true, relation: 'KEPALA' },
    members: [{ nik: '3171010101850002', name: 'Ani', isHead: false, relation: 'ISTRI' }],
    notes: { source: 'counter' },
    checksum: Buffer.alloc(32, 7),
    photo: null,
    incomeScore: 0.75,
    issuedAt: 1706081400000000,
    verified: true,
    memberCount: 2,
    extra: 5,
  };
}

/** A recursive record: a chain of people with their parent. */
export function personSchema(): Record<string, unknown> {
  return {
    type: 'record',
    name: 'Person',
    namespace: 'test',
    fields: [
      { name: 'name', type: 'string' },
      { name: 'age', type: 'int' },
      { name: 'parent', type: ['null', 'Person'], default: null },
    ],
  };
}
