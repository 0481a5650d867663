import * as z from 'zod/mini';

/**
 * Free text people type (names, themes, campaign names and content, notes, template ids) is shown to other
 * people — counselors, friends on a public invite page — so characters that can disguise or corrupt it are
 * refused, and what is stored is NFC so the same name looks and compares the same everywhere:
 *
 * - control characters (C0, DEL, C1); `multiline` fields still take line breaks and tabs;
 * - bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the invisible marks U+200E/200F/061C;
 * - zero-width characters (U+200B, U+200C, U+2060, U+FEFF, U+180E); U+200D only inside an emoji sequence (👩‍💻);
 * - unpaired UTF-16 surrogates (not text at all).
 *
 * Written as a loop over code units, not with lookbehind or \p{} regexes, so it runs in every WeChat JS engine.
 */
export function forbiddenCharacter(s: string, multiline = false): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return 'an unpaired surrogate';
      i++;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return 'an unpaired surrogate';
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (multiline && (c === 0x0a || c === 0x0d || c === 0x09)) continue;
      return `a control character (${hex(c)})`;
    }
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c) {
      return `a bidi control character (${hex(c)})`;
    }
    if (c === 0x200b || c === 0x200c || c === 0x2060 || c === 0xfeff || c === 0x180e) return `a zero-width character (${hex(c)})`;
    if (c === 0x200d && !(isEmojiBefore(s, i) && isEmojiAt(s, i + 1))) return `a zero-width character (${hex(c)})`;
  }
  return undefined;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Emoji (the only place a zero-width joiner belongs) are U+1F000–1FAFF — surrogate pairs whose high half is
 * U+D83C–D83E — or the BMP symbols U+2600–27BF and U+2B00–2BFF; a variation selector may follow. Other
 * supplementary-plane letters (e.g. Linear B) are not emoji: a joiner between them is a disguise.
 */
const isEmojiHighSurrogate = (c: number) => c >= 0xd83c && c <= 0xd83e;
const isEmojiBmp = (c: number) => (c >= 0x2600 && c <= 0x27bf) || (c >= 0x2b00 && c <= 0x2bff);

/** Does an emoji end at code unit `j` (the last unit of the character before a joiner)? */
function emojiEndsAt(s: string, j: number): boolean {
  const c = s.charCodeAt(j);
  if (c >= 0xdc00 && c <= 0xdfff) return j > 0 && isEmojiHighSurrogate(s.charCodeAt(j - 1));
  return isEmojiBmp(c);
}
function isEmojiBefore(s: string, i: number): boolean {
  const j = s.charCodeAt(i - 1) === 0xfe0f ? i - 2 : i - 1;
  return j >= 0 && emojiEndsAt(s, j);
}
/** Does an emoji start at code unit `i` (the character after a joiner)? */
function emojiStartsAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (isEmojiHighSurrogate(c)) return (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return isEmojiBmp(c);
}
const isEmojiAt = (s: string, i: number) => i < s.length && emojiStartsAt(s, i);

export interface FreeTextOptions {
  /** Minimum length after trimming; 0 allows the empty string. Default 1. */
  min?: number;
  max: number;
  /** Allow line breaks and tabs (descriptions, paragraphs, notes). */
  multiline?: boolean;
  /** The message when shorter than `min` (e.g. "name is required"). */
  minMessage?: string;
}

/**
 * The one schema for free text: refuses the characters above (400 naming the field), then NFC-normalises and
 * trims, then checks the length of what will be stored.
 */
export function freeText({ min = 1, max, multiline = false, minMessage }: FreeTextOptions) {
  return z.string().check(
    z.refine((s) => forbiddenCharacter(s, multiline) === undefined, {
      error: (issue) => `contains ${forbiddenCharacter(String(issue.input), multiline)}`,
      abort: true,
    }),
    z.normalize('NFC'),
    z.trim(),
    ...(min > 0 ? [z.minLength(min, minMessage)] : []),
    z.maxLength(max),
  );
}
