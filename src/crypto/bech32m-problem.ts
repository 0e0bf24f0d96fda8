import { bech32m } from '@scure/base';

/** The 32 characters of bech32's data part (BIP 173): no 1, b, i or o. */
const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/**
 * What is wrong with `text` as a bech32m string of `prefix` holding `dataBytes` bytes, in words a
 * person can act on ("the checksum does not match: a character is mistyped"), or null when it is
 * right. Ids and addresses are typed and pasted by people; "not an id" alone does not say which
 * mistake to look for. The checks go from the outside in: case, prefix, characters, length, checksum.
 */
export function bech32mProblem(text: string, prefix: string, dataBytes: number): string | null {
  if (text !== text.toLowerCase()) return 'it must be lower case';
  if (!text.startsWith(`${prefix}1`)) return `it must start with "${prefix}1"`;
  const data = text.slice(prefix.length + 1);
  const wrong = [...data].find((character) => !BECH32_CHARSET.includes(character));
  if (wrong !== undefined) return `"${wrong}" is not a bech32 character (1, b, i and o never appear after "${prefix}1")`;
  const length = prefix.length + 1 + Math.ceil((dataBytes * 8) / 5) + 6;
  if (text.length !== length) return `it is ${text.length} characters long; it must be ${length}`;
  try {
    bech32m.decode(text as `${string}1${string}`);
  } catch {
    return 'the checksum does not match: a character is mistyped';
  }
  return null;
}
