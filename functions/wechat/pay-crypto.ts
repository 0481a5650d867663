import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { responseMessage, timestampFresh } from '../../shared/payment/signing';

/**
 * WeChat Pay API v3's cryptography with node:crypto (no SDK: the signing and AEAD parts are a few lines, and the
 * SDKs on npm would add far more to a Lambda bundle than they save): RSA-SHA256 signatures (PKCS#1 v1.5, as
 * WeChat Pay uses) and AEAD_AES_256_GCM for the `resource` of notices.
 */
export function rsaSign(message: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
}

export function rsaVerify(message: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/** 32 characters of [0-9A-Z], the shape WeChat Pay's own nonces have. */
export const nonceStr = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  nonce: string;
  associated_data: string;
  original_type: string;
}

/** The stand-in's side: plaintext → resource (Base64 ciphertext followed by the 16-byte tag). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string, originalType: string): EncryptedResource {
  const nonce = randomBytes(6).toString('hex'); // 12 characters = 12 bytes of IV, as WeChat Pay sends
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), nonce, associated_data: associatedData, original_type: originalType };
}

/** The merchant's side: throws when the key is wrong or anything (ciphertext, tag, nonce, AAD) was altered. */
export function decryptResource(r: { ciphertext: string; nonce: string; associated_data?: string }, apiV3Key: string): string {
  const data = Buffer.from(r.ciphertext, 'base64');
  if (data.length < 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

export type SignatureCheck = 'ok' | 'missing' | 'unknown_serial' | 'stale' | 'bad_signature';

/**
 * Checks a message from WeChat Pay (a notice or a response): the serial names a platform key we trust, the
 * timestamp is within 5 minutes of now (so a captured notice cannot be replayed later), and the RSA signature
 * over `timestamp\nnonce\nbody\n` verifies with that key.
 */
export function checkWechatSignature(
  headers: Record<string, string | undefined>,
  body: string,
  platformKeys: Record<string, string>,
  now: Date,
): SignatureCheck {
  const timestamp = headers['wechatpay-timestamp'];
  const nonce = headers['wechatpay-nonce'];
  const signature = headers['wechatpay-signature'];
  const serial = headers['wechatpay-serial'];
  if (!timestamp || !nonce || !signature || !serial) return 'missing';
  const key = platformKeys[serial];
  if (!key) return 'unknown_serial';
  if (!timestampFresh(timestamp, now)) return 'stale';
  return rsaVerify(responseMessage(timestamp, nonce, body), signature, key) ? 'ok' : 'bad_signature';
}

/** Headers WeChat Pay puts on a response or notice, signed with the platform key. */
export function wechatSignedHeaders(body: string, platformPrivateKey: string, serial: string, at: Date = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = nonceStr();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': serial,
    'Wechatpay-Signature': rsaSign(responseMessage(timestamp, nonce, body), platformPrivateKey),
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}
