/** Read at call time, not import time, so tests can point each file at its own table. */
export const config = {
  /** No default: a function that does not know where it runs must not guess "local" and mount dev routes. */
  stage: () => required('STAGE'),
  /** Dev routes (dev-login, /dev/outbox) and the local WeChat stand-in exist only when STAGE is exactly `local`. */
  isLocal: () => process.env.STAGE === 'local',
  tableName: () => required('TABLE_NAME'),
  dynamoEndpoint: () => process.env.DYNAMODB_ENDPOINT || undefined,
  /** The public dev secret exists only for STAGE=local; every other stage must bring its own. */
  jwtSecret: () => {
    const s = process.env.JWT_SECRET ?? (config.stage() === 'local' ? 'ripple-local-dev-secret-change-me' : '');
    if (s.length < 16) throw new Error('JWT_SECRET must be set (16+ characters)');
    return s;
  },
  publicWebUrl: () => process.env.PUBLIC_WEB_URL ?? 'http://127.0.0.1:10086',
  /** DynamoDB client limits (ms, attempts): every answer must come well inside the 10 s function timeout. */
  dynamoConnectTimeoutMs: () => positiveInt('DYNAMODB_CONNECT_TIMEOUT_MS', 1000),
  dynamoRequestTimeoutMs: () => positiveInt('DYNAMODB_REQUEST_TIMEOUT_MS', 3000),
  dynamoMaxAttempts: () => positiveInt('DYNAMODB_MAX_ATTEMPTS', 2),
};

/**
 * What a function checks once, when it is created (a Lambda cold start, or the local adapter starting): it
 * refuses to start rather than run with a guessed stage or without a token secret.
 */
export function assertStartable(): void {
  config.stage();
  config.jwtSecret();
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
}
