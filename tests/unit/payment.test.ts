import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWechatSignature, decryptResource, encryptResource, rsaSign, rsaVerify, wechatSignedHeaders } from '../../functions/wechat/pay-crypto';
import {
  bookingIdOfTradeNo,
  decidePaidNotice,
  holdExpired,
  holdExpiresAt,
  holdSecondsLeft,
  OUT_NO_PATTERN,
  outRefundNoFor,
  outTradeNoFor,
  priceBreakdown,
  timeExpire,
  yuanToFen,
} from '../../shared/payment/rules';
import { authorizationHeader, parseAuthorization, paySignMessage, requestMessage, responseMessage, timestampFresh } from '../../shared/payment/signing';

const pair = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const platform = pair();
const other = pair();
const SERIAL = 'PUB_KEY_ID_0111TEST';
const KEY = '0123456789abcdef0123456789abcdef';
const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('money, order numbers and the hold', () => {
  it('amounts are fen, never negative; a voucher never makes the price negative', () => {
    expect(yuanToFen(300)).toBe(30000);
    expect(() => yuanToFen(-1)).toThrow();
    expect(priceBreakdown(300, 100)).toEqual({ price: 300, voucherValue: 100, amountDue: 200, totalFen: 20000 });
    expect(priceBreakdown(300, 500)).toEqual({ price: 300, voucherValue: 300, amountDue: 0, totalFen: 0 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (price, voucher) => {
        const p = priceBreakdown(price, voucher);
        return p.amountDue >= 0 && p.amountDue + p.voucherValue === price && p.totalFen === p.amountDue * 100;
      }),
    );
  });

  it('order and refund numbers follow WeChat Pay’s rule and lead back to the booking', () => {
    const id = '01JF3ZJ6QK8V9T2M4N5P6R7S8W';
    expect(outTradeNoFor(id)).toMatch(OUT_NO_PATTERN);
    expect(outRefundNoFor(id)).toMatch(OUT_NO_PATTERN);
    expect(outTradeNoFor(id).length).toBeLessThanOrEqual(32);
    expect(bookingIdOfTradeNo(outTradeNoFor(id))).toBe(id);
    expect(bookingIdOfTradeNo('RPnot-a-ulid')).toBeUndefined();
  });

  it('a hold lasts 15 minutes; time_expire is RFC 3339 in China time', () => {
    const now = new Date('2026-12-05T01:00:00.000Z');
    const until = holdExpiresAt(now);
    expect(until).toBe('2026-12-05T01:15:00.000Z');
    expect(holdExpired(until, new Date('2026-12-05T01:14:59Z'))).toBe(false);
    expect(holdExpired(until, new Date('2026-12-05T01:15:00Z'))).toBe(true);
    expect(holdSecondsLeft(until, now)).toBe(900);
    expect(holdSecondsLeft(until, new Date('2026-12-05T02:00:00Z'))).toBe(0);
    expect(timeExpire(until)).toBe('2026-12-05T09:15:00+08:00');
  });

  it('a payment for a held booking books it; after expiry it rebooks or refunds; after cancel it refunds', () => {
    expect(decidePaidNotice('pending_payment')).toBe('book');
    expect(decidePaidNotice('expired')).toBe('rebook_or_refund');
    expect(decidePaidNotice('cancelled')).toBe('refund');
    expect(decidePaidNotice('booked')).toBe('already_done');
  });
});

describe('signatures (RSA-SHA256) and messages', () => {
  it('builds the exact strings WeChat Pay signs, each line ending in \\n', () => {
    expect(requestMessage('get', '/v3/x?mchid=1', '1700000000', 'N', '')).toBe('GET\n/v3/x?mchid=1\n1700000000\nN\n\n');
    expect(responseMessage('1700000000', 'N', '{}')).toBe('1700000000\nN\n{}\n');
    expect(paySignMessage('wx1', '1700000000', 'N', 'prepay_id=p')).toBe('wx1\n1700000000\nN\nprepay_id=p\n');
  });

  it('signs and verifies; a different key or message does not verify', () => {
    const sig = rsaSign('hello\n', platform.privateKey);
    expect(rsaVerify('hello\n', sig, platform.publicKey)).toBe(true);
    expect(rsaVerify('hello!\n', sig, platform.publicKey)).toBe(false);
    expect(rsaVerify('hello\n', sig, other.publicKey)).toBe(false);
    expect(rsaVerify('hello\n', 'not base64 at all', platform.publicKey)).toBe(false);
  });

  it('the Authorization header round-trips', () => {
    const parts = { mchid: '1900000109', nonce_str: 'ABC', signature: 'c2ln', timestamp: '1700000000', serial_no: 'S1' };
    expect(parseAuthorization(authorizationHeader(parts))).toEqual(parts);
    expect(parseAuthorization('Bearer x')).toBeUndefined();
  });

  it('accepts a notice only with a known serial, a fresh timestamp and a valid signature', () => {
    const now = new Date();
    const body = '{"id":"EV-1"}';
    const keys = { [SERIAL]: platform.publicKey };
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, platform.privateKey, SERIAL, now)), body, keys, now)).toBe('ok');
    // forged: signed with someone else's key
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, other.privateKey, SERIAL, now)), body, keys, now)).toBe('bad_signature');
    // wrong serial
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, platform.privateKey, 'PUB_KEY_ID_OTHER', now)), body, keys, now)).toBe('unknown_serial');
    // stale (replayed 6 minutes later) and from the future
    const old = new Date(now.getTime() - 6 * 60_000);
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, platform.privateKey, SERIAL, old)), body, keys, now)).toBe('stale');
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, platform.privateKey, SERIAL, new Date(now.getTime() + 6 * 60_000))), body, keys, now)).toBe('stale');
    // body changed after signing
    expect(checkWechatSignature(lower(wechatSignedHeaders(body, platform.privateKey, SERIAL, now)), body.replace('1', '2'), keys, now)).toBe('bad_signature');
    expect(checkWechatSignature({}, body, keys, now)).toBe('missing');
    expect(timestampFresh('abc', now)).toBe(false);
  });
});

describe('AEAD_AES_256_GCM resources', () => {
  it('round-trips any plaintext', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 20 }), (plain, aad) => {
        return decryptResource(encryptResource(plain, KEY, aad, 'transaction'), KEY) === plain;
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a tampered ciphertext, tag, nonce or associated data, and the wrong key', () => {
    const r = encryptResource('{"out_trade_no":"RP1"}', KEY, 'transaction', 'transaction');
    const flip = (b64: string, at: number) => {
      const b = Buffer.from(b64, 'base64');
      b[at] ^= 1;
      return b.toString('base64');
    };
    expect(() => decryptResource({ ...r, ciphertext: flip(r.ciphertext, 0) }, KEY)).toThrow();
    expect(() => decryptResource({ ...r, ciphertext: flip(r.ciphertext, Buffer.from(r.ciphertext, 'base64').length - 1) }, KEY)).toThrow();
    expect(() => decryptResource({ ...r, nonce: 'aaaaaaaaaaaa' }, KEY)).toThrow();
    expect(() => decryptResource({ ...r, associated_data: 'refund' }, KEY)).toThrow();
    expect(() => decryptResource(r, 'ffffffffffffffffffffffffffffffff')).toThrow();
    expect(() => decryptResource({ ...r, ciphertext: 'AAAA' }, KEY)).toThrow();
  });
});
