import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getParameters } from '../../functions/wechat/ssm';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token-1' };

/**
 * The payment functions read WeChat Pay's secrets with one SigV4-signed GetParameters call (functions/wechat/ssm.ts).
 * A loopback SSM checks what AWS checks for this call: the target, the JSON 1.1 body, a SigV4 Authorization for
 * service `ssm` with the session token — and the signature itself, recomputed independently with node:crypto.
 */
describe('SSM GetParameters over SigV4', () => {
  it('signs the request as AWS expects and returns the decrypted values', async () => {
    const { createHash, createHmac } = await import('node:crypto');
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers as Record<string, string>, body });
        const { Names } = JSON.parse(body) as { Names: string[] };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
          JSON.stringify({ Parameters: Names.filter((n) => !n.endsWith('missing')).map((n) => ({ Name: n, Value: `value of ${n}` })), InvalidParameters: Names.filter((n) => n.endsWith('missing')) }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const out = await getParameters(['/ripple/prod/wechatpay/apiv3-key', '/ripple/prod/wechatpay/merchant-serial'], { endpoint, region: 'ap-east-1', credentials: creds });
      expect(out).toEqual({ '/ripple/prod/wechatpay/apiv3-key': 'value of /ripple/prod/wechatpay/apiv3-key', '/ripple/prod/wechatpay/merchant-serial': 'value of /ripple/prod/wechatpay/merchant-serial' });

      const { headers, body } = seen[0];
      expect(headers['x-amz-target']).toBe('AmazonSSM.GetParameters');
      expect(JSON.parse(body)).toMatchObject({ WithDecryption: true });
      expect(headers['x-amz-security-token']).toBe('token-1');
      const auth = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/(\d{8})\/ap-east-1\/ssm\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(headers.authorization)!;
      expect(auth).not.toBeNull();
      // Recompute the SigV4 signature from what arrived.
      const signedHeaders = auth[2].split(';');
      const canonical = ['POST', '/', '', ...signedHeaders.map((h) => `${h}:${String(headers[h]).trim()}`), '', auth[2], createHash('sha256').update(body).digest('hex')].join('\n');
      const amzDate = headers['x-amz-date'];
      const scope = `${auth[1]}/ap-east-1/ssm/aws4_request`;
      const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
      const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
      const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, auth[1]), 'ap-east-1'), 'ssm'), 'aws4_request');
      expect(createHmac('sha256', key).update(toSign).digest('hex')).toBe(auth[3]);

      await expect(getParameters(['/x/missing'], { endpoint, credentials: creds })).rejects.toThrow(/missing/);
    } finally {
      server.close();
    }
  });
});
