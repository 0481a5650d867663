import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * SSM Parameter Store's GetParameters, as one SigV4-signed HTTPS call. The full @aws-sdk/client-ssm would add
 * about 250 KB to each payment bundle; the signer is already in every bundle (the DynamoDB client uses it), and
 * Lambda hands the role's credentials over in the environment.
 */
function toBuffer(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset() {
    throw new Error('not reusable');
  }
}

export interface SsmOptions {
  region?: string;
  /** https://ssm.<region>.amazonaws.com by default; tests point it at a loopback stand-in. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The decrypted values of the named parameters (SecureString included); throws if any is missing. */
export async function getParameters(names: string[], opts: SsmOptions = {}): Promise<Record<string, string>> {
  const region = opts.region ?? process.env.AWS_REGION ?? 'ap-east-1';
  const url = new URL(opts.endpoint ?? `https://ssm.${region}.amazonaws.com/`);
  const credentials = opts.credentials ?? {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  };
  const body = JSON.stringify({ Names: names, WithDecryption: true });
  const signer = new SignatureV4({ service: 'ssm', region, sha256: NodeSha256, credentials });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
    body,
  });
  const res = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body, signal: AbortSignal.timeout(5000) });
  const out = (await res.json()) as { Parameters?: { Name: string; Value: string }[]; InvalidParameters?: string[]; message?: string; __type?: string };
  if (!res.ok) throw new Error(`SSM GetParameters ${res.status}: ${out.__type ?? ''} ${out.message ?? ''}`.trim());
  if (out.InvalidParameters?.length) throw new Error(`SSM parameters missing: ${out.InvalidParameters.join(', ')}`);
  return Object.fromEntries((out.Parameters ?? []).map((p) => [p.Name, p.Value]));
}
