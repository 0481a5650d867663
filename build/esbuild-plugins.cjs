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

/** A module of the given source, in its own namespace, for the bundles only. */
function stubModule(name, filter, contents) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: name, namespace: 'ripple-lambda-stub' }));
      build.onLoad({ filter: new RegExp(`^${escape(name)}$`), namespace: 'ripple-lambda-stub' }, () => ({ contents, loader: 'js' }));
    },
  };
}

/**
 * @smithy/core loads its event-stream codec (about 15 KB with its CRC and header code) lazily, for clients with
 * event-stream operations. DynamoDB has none, so the bundles get a module that fails loudly if ever asked.
 */
const withoutEventStreams = stubModule(
  'no-event-streams',
  /^@smithy\/core\/event-streams$/,
  `const none = () => { throw new Error('event streams are not bundled: DynamoDB has no event-stream operations'); };
  export const EventStreamSerde = none;
  export const eventStreamSerdeProvider = none;`,
);

/**
 * DynamoDB endpoint discovery is off unless AWS_ENABLE_ENDPOINT_DISCOVERY is set, and this SDK version adds its
 * middleware to no DynamoDB command; its config step still pulls in an LRU endpoint cache (about 9 KB). The
 * bundles resolve the same config with discovery off and no cache.
 */
const withoutEndpointDiscovery = stubModule(
  'no-endpoint-discovery',
  /^@aws-sdk\/middleware-endpoint-discovery$/,
  `export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
    environmentVariableSelector: () => false,
    configFileSelector: () => false,
    default: false,
  };
  export const resolveEndpointDiscoveryConfig = (input, { endpointDiscoveryCommandCtor }) =>
    Object.assign(input, {
      endpointDiscoveryCommandCtor,
      endpointDiscoveryEnabled: () => Promise.resolve(false),
      isClientEndpointDiscoveryEnabled: false,
    });`,
);

/** The DynamoDB client imports its whole package.json (2.4 KB) for the version in the user agent. */
const clientVersionOnly = {
  name: 'client-version-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-dynamodb[\\/]package\.json$/ }, (args) => ({
      contents: `export default ${JSON.stringify({ version: require(args.path).version })};`,
      loader: 'js',
    }));
  },
};

/**
 * `ics` checks the event it is given with a yup schema (yup and friends: about 75 KB) in strict mode, which returns
 * its input unchanged. The booking handler builds that event from its own typed records, so its bundle keeps
 * ics's builder and RFC 5545 formatter and drops the checker. The unbundled code (tests, `npm start`) still runs
 * it, and tests/integration/bundle.test.ts reads the bundled handler's .ics back.
 */
const icsWithoutValidator = {
  name: 'ics-without-validator',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/schema$/ }, (args) =>
      /[\\/]node_modules[\\/]ics[\\/]dist[\\/]pipeline$/.test(args.resolveDir) ? { path: 'ics-schema', namespace: 'ripple-lambda-stub' } : undefined,
    );
    build.onLoad({ filter: /^ics-schema$/, namespace: 'ripple-lambda-stub' }, () => ({
      contents: `const asGiven = (value) => ({ error: null, value });
      exports.validateHeader = asGiven;
      exports.validateHeaderAndEvent = asGiven;`,
      loader: 'js',
    }));
  },
};

/**
 * @date-fns/tz does not declare itself free of side effects, so a bundle that imports shared/time.ts without
 * calling it (voucher, analytics) would keep it (about 5 KB). It has none at import time: say so to esbuild.
 */
const dateFnsTzSideEffectFree = {
  name: 'date-fns-tz-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^@date-fns\/tz(\/.*)?$/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolved' });
      return found.errors.length > 0 ? found : { path: found.path, sideEffects: false };
    });
  },
};

/**
 * The SDK hashes with Node's crypto (Sha256Node) and keeps a pure-JS SHA-256 (about 3 KB) for a runtime without
 * one. Node always has it, so the bundles get a Sha256Js that fails loudly if that ever changed.
 */
const withoutJsSha256 = {
  name: 'without-js-sha256',
  setup(build) {
    build.onResolve({ filter: /^\.\/(sha256\/)?Sha256Js$/ }, (args) =>
      /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]checksum([\\/]sha256)?$/.test(args.resolveDir)
        ? { path: 'no-js-sha256', namespace: 'ripple-lambda-stub' }
        : undefined,
    );
    build.onLoad({ filter: /^no-js-sha256$/, namespace: 'ripple-lambda-stub' }, () => ({
      contents: `export class Sha256Js {
        constructor() { throw new Error('the pure-JS SHA-256 is not bundled: Node has crypto'); }
      }`,
      loader: 'js',
    }));
  },
};

/**
 * runes2 (used by `ics` to fold long lines) picks its development or production build by NODE_ENV at run time, so a
 * bundle carries both (about 3 KB twice). They are the same code, one minified: the bundles take the production one.
 */
const runes2ProductionBuild = {
  name: 'runes2-production-build',
  setup(build) {
    build.onResolve({ filter: /^runes2$/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolved' });
      if (found.errors.length > 0) return found;
      return { path: path.join(path.dirname(found.path), 'index.cjs.production.min.cjs') };
    });
  },
};

/**
 * shared/ holds pure domain code and zod schemas with nothing to run at import time (tests/unit/sources.test.ts
 * keeps AWS and Taro out of it). Its schemas are built by top-level calls, which esbuild must otherwise assume have
 * side effects: a bundle that imports a module for nothing it uses (a type, or a path through a module whose used
 * part needs none of it) would still carry every schema in it and the zod parts they need. Say it is free of them.
 */
const sharedSideEffectFree = {
  name: 'shared-side-effect-free',
  setup(build) {
    const shared = path.join(ROOT, 'shared') + path.sep;
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === 'resolved' || !args.resolveDir.startsWith(ROOT) || args.resolveDir.includes(`${path.sep}node_modules`)) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolved' });
      if (found.errors.length > 0 || !found.path.startsWith(shared)) return found;
      return { path: found.path, sideEffects: false };
    });
  },
};

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = [withoutLocalWechat, lambdaCredentials, withoutEventStreams, withoutEndpointDiscovery, clientVersionOnly, icsWithoutValidator, dateFnsTzSideEffectFree, runes2ProductionBuild, sharedSideEffectFree, withoutJsSha256];
