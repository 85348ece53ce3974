/**
 * Strings every store can hold unchanged. A lone UTF-16 surrogate is not Unicode: UTF-8 cannot
 * encode it (Postgres refuses it, Buffer turns it into U+FFFD), so it is refused at boundaries. A
 * NUL is Unicode but Postgres `text` and `jsonb` cannot hold it: refused wherever a value ends up
 * in such a column, and carried as bytes (bytea, base64) where it is data.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

export function hasNul(s: string): boolean {
  return s.includes('\u0000');
}

/** Why a string may not be stored as text, or null when it may. */
export function textProblem(s: string, allowNul = false): 'nul' | 'lone_surrogate' | null {
  if (hasLoneSurrogate(s)) return 'lone_surrogate';
  if (!allowNul && hasNul(s)) return 'nul';
  return null;
}

/** The string with each NUL written as `\0` and each lone surrogate as U+FFFD: for messages and
 * reasons (never for data, which travels as bytes). */
export function toStorableText(s: string): string {
  return s.replace(/\u0000/g, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
