const HYPHEN = 45;

function isHexDigit(code: number): 'lower' | 'upper' | undefined {
  if ((code >= 48 && code <= 57) || (code >= 97 && code <= 102)) return 'lower';
  return code >= 65 && code <= 70 ? 'upper' : undefined;
}

/**
 * The canonical (lowercase) form of a UUID written `8-4-4-4-12` hexadecimal digits in any case, or undefined
 * when the text is not one. Hand-written: it runs for every uuid of every record.
 */
export function canonicalUuid(text: string): string | undefined {
  if (text.length !== 36) return undefined;
  let upper = false;
  for (let index = 0; index < 36; index++) {
    const code = text.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== HYPHEN) return undefined;
      continue;
    }
    const kind = isHexDigit(code);
    if (kind === undefined) return undefined;
    if (kind === 'upper') upper = true;
  }
  return upper ? text.toLowerCase() : text;
}

export function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToBytes(canonical: string): Buffer {
  return Buffer.from(canonical.replace(/-/g, ''), 'hex');
}
