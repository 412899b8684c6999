import { deterministicUuid, isUuid } from './ids';

describe('ids', () => {
  it('derives RFC 9562 version-5 UUIDs in the URL namespace (reference values from Python uuid.uuid5)', () => {
    expect(deterministicUuid('https://penghubung.example/x')).toBe('d9af677d-bfef-5fd7-971b-9fe428630706');
    expect(deterministicUuid('topic/0/42')).toBe('0796656f-d17d-596a-ac50-3a6ab3297ca1');
  });

  it('recognises UUIDs and nothing else', () => {
    expect(isUuid('d9af677d-bfef-5fd7-971b-9fe428630706')).toBe(true);
    expect(isUuid('d9af677d-bfef-5fd7-971b-9fe42863070')).toBe(false);
    expect(isUuid("'; drop table audit_log; --")).toBe(false);
  });
});
