// esbuild plugins for the Lambda bundles: serverless.yml (custom.esbuild.plugins) and `npm run bench` both load
// this file, so the benchmark measures exactly what gets deployed. Plain CommonJS because osls require()s it.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/**
 * The SDK's default credential chain (SSO, profiles, STS web identity, IMDS…) adds about 130 KB of nested
 * clients. In Lambda the runtime always hands the execution role's credentials over as environment variables,
 * so the bundles get an environment-only provider instead (functions/db/lambda-credentials.ts).
 */
const lambdaCredentials = {
  name: 'lambda-env-credentials',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: path.join(ROOT, 'functions/db/lambda-credentials.ts'),
    }));
  },
};

/**
 * functions/wechat/local.ts stands in for WeChat on `npm start` and in tests, and draws a QR code with `qrcode` +
 * `pngjs` (about 60 KB). Lambda runs with WECHAT_MODE=http (serverless.yml), so it never builds that class; the
 * bundles get a stub that fails loudly if a misconfigured stage ever tries.
 */
const withoutLocalWechat = {
  name: 'without-local-wechat',
  setup(build) {
    const localWechat = path.join(ROOT, 'functions/wechat/local.ts');
    build.onLoad({ filter: new RegExp(`^${escape(localWechat)}$`) }, () => ({
      contents: `export class LocalWechatApi {
        constructor() { throw new Error('LocalWechatApi is not bundled for Lambda: set WECHAT_MODE=http'); }
      }`,
      loader: 'ts',
    }));
  },
};

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = [withoutLocalWechat, lambdaCredentials];
