/**
 * The exact strings WeChat Pay API v3 signs (RSA-SHA256) — every line ends with `\n`, the last one too. Pure so
 * both the merchant side (functions/payment) and the local stand-in build them the same way; the crypto itself
 * is node:crypto in functions/wechat/pay-crypto.ts.
 */

/** Merchant → WeChat Pay request: `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` (BODY empty for GET). */
export const requestMessage = (method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string =>
  `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;

/** WeChat Pay → merchant (responses and notices): `TIMESTAMP\nNONCE\nBODY\n`. */
export const responseMessage = (timestamp: string, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}\n`;

/** What `wx.requestPayment`'s `paySign` signs: `APPID\nTIMESTAMP\nNONCE\nprepay_id=…\n`. */
export const paySignMessage = (appId: string, timestamp: string, nonce: string, pkg: string): string =>
  `${appId}\n${timestamp}\n${nonce}\n${pkg}\n`;

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

export const authorizationHeader = (p: AuthorizationParts): string =>
  `${AUTH_SCHEME} mchid="${p.mchid}",nonce_str="${p.nonce_str}",signature="${p.signature}",timestamp="${p.timestamp}",serial_no="${p.serial_no}"`;

export function parseAuthorization(header: string | undefined): AuthorizationParts | undefined {
  if (!header?.startsWith(`${AUTH_SCHEME} `)) return undefined;
  const parts: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) parts[m[1]] = m[2];
  const { mchid, nonce_str, signature, timestamp, serial_no } = parts;
  return mchid && nonce_str && signature && timestamp && serial_no ? { mchid, nonce_str, signature, timestamp, serial_no } : undefined;
}

/** Notices and responses older or newer than this are refused (replays). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export function timestampFresh(timestamp: string, now: Date): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - Math.floor(now.getTime() / 1000)) <= MAX_CLOCK_SKEW_SECONDS;
}
