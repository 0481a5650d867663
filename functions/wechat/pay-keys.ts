import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { config } from '../config';
import { getParameters } from './ssm';

/**
 * Everything the merchant side needs to speak WeChat Pay API v3. In AWS the secrets come from SSM Parameter Store
 * (SecureString, read once per cold start — docs/deploy.md); locally from a git-ignored folder generated at first
 * start, which the local WeChat Pay stand-in reads too (it holds the platform's private key and the merchant's
 * public key there, as WeChat Pay would on its side).
 */
export interface PayKeys {
  appId: string;
  mchId: string;
  merchantPrivateKey: string;
  merchantSerial: string;
  apiV3Key: string;
  /** Platform public keys by serial (a certificate serial or a `PUB_KEY_ID_…`). */
  platformPublicKeys: Record<string, string>;
}

/** The local folder's contents: PayKeys plus the stand-in's half (never exists in AWS). */
export interface LocalPayKeys extends PayKeys {
  merchantPublicKey: string;
  platformPrivateKey: string;
  platformSerial: string;
}

export const localKeyDir = () => process.env.WECHATPAY_KEY_DIR ?? resolve(__dirname, '../../.local/wechatpay');

let localCache: { dir: string; keys: LocalPayKeys } | undefined;

/** Reads the local keys, generating them the first time (written to a temp file and renamed: never half a file). */
export function localPayKeys(): LocalPayKeys {
  const dir = localKeyDir();
  if (localCache?.dir === dir) return localCache.keys;
  const file = join(dir, 'keys.json');
  let keys: LocalPayKeys;
  try {
    keys = JSON.parse(readFileSync(file, 'utf8')) as LocalPayKeys;
  } catch {
    keys = generateLocalKeys();
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, JSON.stringify(keys, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
    keys = JSON.parse(readFileSync(file, 'utf8')) as LocalPayKeys; // whoever renamed last wins, for everyone
  }
  localCache = { dir, keys };
  return keys;
}

function generateLocalKeys(): LocalPayKeys {
  const pair = () =>
    generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const merchant = pair();
  const platform = pair();
  const platformSerial = `PUB_KEY_ID_0111${randomBytes(10).toString('hex').toUpperCase()}`;
  return {
    appId: 'wx_local_appid',
    mchId: '1900000109',
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    merchantSerial: randomBytes(20).toString('hex').toUpperCase(),
    apiV3Key: randomBytes(16).toString('hex'), // 32 characters
    platformPrivateKey: platform.privateKey,
    platformSerial,
    platformPublicKeys: { [platformSerial]: platform.publicKey },
  };
}

let awsCache: Promise<PayKeys> | undefined;

/** SSM parameter names under WECHATPAY_SSM_PREFIX (e.g. `/ripple/prod/wechatpay`). */
export const SSM_NAMES = ['merchant-private-key', 'merchant-serial', 'apiv3-key', 'platform-public-key', 'platform-serial'] as const;

async function awsPayKeys(): Promise<PayKeys> {
  const prefix = process.env.WECHATPAY_SSM_PREFIX ?? '';
  const values = await getParameters(
    SSM_NAMES.map((n) => `${prefix}/${n}`),
    process.env.WECHATPAY_SSM_ENDPOINT ? { endpoint: process.env.WECHATPAY_SSM_ENDPOINT } : {},
  );
  const value = (n: (typeof SSM_NAMES)[number]) => {
    const v = values[`${prefix}/${n}`];
    if (!v) throw new Error(`SSM parameter ${prefix}/${n} is missing`);
    return v;
  };
  return {
    appId: process.env.WECHAT_APPID ?? '',
    mchId: process.env.WECHATPAY_MCHID ?? '',
    merchantPrivateKey: value('merchant-private-key'),
    merchantSerial: value('merchant-serial'),
    apiV3Key: value('apiv3-key'),
    platformPublicKeys: { [value('platform-serial')]: value('platform-public-key') },
  };
}

/** The keys for this stage: SSM in AWS (cached per cold start; a failed read is retried next time), files locally. */
export function payKeys(): Promise<PayKeys> {
  if (config.isLocal()) return Promise.resolve(localPayKeys());
  awsCache ??= awsPayKeys().catch((err) => {
    awsCache = undefined;
    throw err;
  });
  return awsCache;
}
