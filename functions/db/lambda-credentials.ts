import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (build/esbuild-plugins.cjs):
 * Lambda hands the execution role's credentials over as environment variables, so the SDK's own
 * environment provider is all the chain needs there; the rest of the default chain (SSO, profiles, STS,
 * IMDS clients) is dead weight. Local runs and tests are not bundled and keep the full chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);

// Named like the package's other exports so every import of it resolves; the SDK's clients use only defaultProvider.
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
