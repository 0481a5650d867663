import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { resolvedServerlessConfig, ROOT } from './support';

/**
 * The Lambda bundles exactly as `osls package` builds them: serverless.yml's custom.esbuild options and plugins,
 * one minified CommonJS file per function with the AWS SDK clients inside. Used by the bench sections and by
 * tests/integration/bundle.test.ts (which runs the bundles against DynamoDB Local).
 */
export interface HandlerBundle {
  fn: string;
  file: string;
  bytes: number;
}

/** serverless-esbuild's own settings, which it removes before calling esbuild (as its bundle step does). */
const PLUGIN_ONLY_KEYS = [
  'concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory',
  'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals',
  'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext', 'plugins', 'config',
];

/** Bundles the functions named in `only` (all of serverless.yml's when omitted) into `outDir/<fn>.js`. */
export async function bundleFunctions(outDir: string, only?: string[]): Promise<HandlerBundle[]> {
  const config = await resolvedServerlessConfig();
  const options = config.custom.esbuild;
  const common = Object.fromEntries(Object.entries(options).filter(([k]) => !PLUGIN_ONLY_KEYS.includes(k))) as BuildOptions;
  const plugins: Plugin[] = typeof options.plugins === 'string' ? createRequire(import.meta.url)(join(ROOT, options.plugins)) : [];
  const external = [...((options.external as string[]) ?? []), ...((options.exclude as string[]) ?? [])];
  const functions = Object.entries(config.functions).filter(([fn]) => !only || only.includes(fn));
  return Promise.all(
    functions.map(async ([fn, { handler }]) => {
      const file = join(outDir, `${fn}.js`);
      const entry = join(ROOT, `${handler.slice(0, handler.lastIndexOf('.'))}.ts`);
      await build({ ...common, external, plugins, entryPoints: [entry], outfile: file, absWorkingDir: ROOT, logLevel: 'error' });
      return { fn, file, bytes: statSync(file).size };
    }),
  );
}
