/** Read at call time, not import time, so tests can point each file at its own table. */
export const config = {
  stage: () => process.env.STAGE ?? 'local',
  isLocal: () => (process.env.STAGE ?? 'local') === 'local',
  tableName: () => required('TABLE_NAME'),
  dynamoEndpoint: () => process.env.DYNAMODB_ENDPOINT || undefined,
  jwtSecret: () => {
    const s = process.env.JWT_SECRET ?? (process.env.STAGE === 'local' || !process.env.STAGE ? 'ripple-local-dev-secret-change-me' : '');
    if (s.length < 16) throw new Error('JWT_SECRET must be set (16+ characters)');
    return s;
  },
  publicWebUrl: () => process.env.PUBLIC_WEB_URL ?? 'http://127.0.0.1:10086',
};

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}
