import { dateToDays, parseIsoDate, parseIsoTimestampMicros } from './temporal-literals';

describe('parseIsoDate', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2024-01-24', 19746],
    ['2024-02-29', 19782],
    ['2000-02-29', 11016],
    ['0001-01-01', -719162],
    ['9999-12-31', 2932896],
  ])('reads %s as day %i', (text, days) => {
    expect(parseIsoDate(text)).toBe(days);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-5',
    '24-01-05',
    '2024/01/05',
    '2024-01-05T00:00:00Z',
    ' 2024-01-05',
    '',
    '+2024-01-05',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('parseIsoTimestampMicros', () => {
  const at = (iso: string): number => Date.parse(iso) * 1000;

  it.each([
    ['2024-01-24T07:30:00Z', at('2024-01-24T07:30:00Z')],
    ['2024-01-24T14:30:00+07:00', at('2024-01-24T07:30:00Z')],
    ['2024-01-24T00:30:00-07:00', at('2024-01-24T07:30:00Z')],
    ['2024-01-24T07:30Z', at('2024-01-24T07:30:00Z')],
    ['2024-01-24T07:30:00.5Z', at('2024-01-24T07:30:00.500Z')],
    ['2024-01-24T07:30:00.123Z', at('2024-01-24T07:30:00.123Z')],
    ['2024-01-24T07:30:00.123456Z', at('2024-01-24T07:30:00.123Z') + 456],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59.999999Z', -1],
    ['2024-01-24T07:30:00+05:45', at('2024-01-24T01:45:00Z')],
  ])('reads %s', (text, micros) => {
    expect(parseIsoTimestampMicros(text)).toBe(micros);
  });

  it.each([
    '2024-01-24',
    '2024-01-24T07:30:00',
    '2024-01-24 07:30:00Z',
    '2024-01-24T24:00:00Z',
    '2024-01-24T07:60:00Z',
    '2024-01-24T07:30:60Z',
    '2024-02-30T07:30:00Z',
    '2024-01-24T07:30:00.1234567Z',
    '2024-01-24T07:30:00+0700',
    '2024-01-24T07:30:00+24:00',
    '2024-01-24T07:30:00+07:60',
    '2024-01-24t07:30:00z',
    'yesterday',
  ])('refuses %j', (text) => {
    expect(parseIsoTimestampMicros(text)).toBeUndefined();
  });
});

describe('dateToDays', () => {
  it('floors to whole days, also before 1970', () => {
    expect(dateToDays(new Date('2024-01-24T23:59:59Z'))).toBe(19746);
    expect(dateToDays(new Date('1969-12-31T12:00:00Z'))).toBe(-1);
  });
});
