/** Check-in codes: 6 characters of the invite alphabet (no 0/O, 1/I), case-insensitive, typed or scanned. */
export const CHECKIN_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CHECKIN_CODE = /^[2-9A-HJ-NP-Z]{6}$/;
export const checkinQrText = (code: string) => `ripple-checkin:${code}`;

export function randomCheckinCode(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CHECKIN_ALPHABET[Math.floor(random() * CHECKIN_ALPHABET.length)];
  return s;
}
