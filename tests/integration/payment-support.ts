import { wechatSignedHeaders } from '../../functions/wechat/pay-crypto';
import type { LocalPayKeys } from '../../functions/wechat/pay-keys';

/** Signs any body as the stand-in's platform would (a tampered body that still carries a valid signature). */
export function signedHeaders(body: string, keys: LocalPayKeys): Record<string, string> {
  return { ...wechatSignedHeaders(body, keys.platformPrivateKey, keys.platformSerial), 'content-type': 'application/json' };
}
