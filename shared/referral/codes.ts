/**
 * Invite codes: 8 characters from a 32-letter alphabet without the look-alikes (0/O, 1/I), so a code
 * read aloud or typed from a poster survives, and it is safe in a URL and in a mini-program `scene`.
 * 32^8 ≈ 10^12 codes: collisions are rare and the repository retries on one.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export function newInviteCode(): string {
  // 32 letters divide 256 evenly, so masking a random byte keeps every letter equally likely.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
}

/** Upper-cases and checks a code typed or pasted by a person; undefined when it cannot be one. */
export function normalizeCode(input: string): string | undefined {
  const code = input.trim().toUpperCase();
  return CODE_PATTERN.test(code) ? code : undefined;
}

/** The `scene` of a poster's mini-program code: `i=<code>`, 10 characters, inside WeChat's 32-char charset. */
export const sceneFor = (code: string) => `i=${code}`;

/** Reads a code back from a scene as WeChat hands it over (URL-encoded in the launch options). */
export function codeFromScene(scene: string): string | undefined {
  let decoded = scene;
  try {
    decoded = decodeURIComponent(scene);
  } catch {
    return undefined;
  }
  const m = /^i=([0-9A-Za-z]+)$/.exec(decoded.trim());
  return m ? normalizeCode(m[1]) : undefined;
}

/** The mini-program path a share card opens (also the H5 hash route). */
export const LANDING_PAGE = 'pages/referral/landing';
export const sharePathFor = (code: string) => `/${LANDING_PAGE}?code=${code}`;
