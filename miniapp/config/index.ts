import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { FirstScreenPreload } from './preload';
import { checkWeappBuild, releaseErrorMessage } from './release';

// Domain code (instruments, bands, crisis lines) lives in the repo's shared/ folder and is imported as
// TypeScript by relative path; Babel only compiles folders it is told about, so both builds include it.
const SHARED_DIR = path.resolve(__dirname, '..', '..', 'shared');
/**
 * Libraries published as modern JavaScript (`||=`, `??`, class fields) that the weapp build compiles down like our
 * own code, because older phones' WeChat JS engines cannot parse those. H5 runs in current browsers only.
 */
const MODERN_PACKAGES = ['zod', 'date-fns', '@date-fns/tz'].map((p) => path.resolve(__dirname, '..', '..', 'node_modules', p));

/**
 * H5 calls the API on its own origin (`/api`: the local web server, or a CDN in front of API Gateway, forwards it);
 * a weapp build needs a full address, taken from TARO_APP_API_BASE at build time.
 */
function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '/api';
  return process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000';
}

/** A release weapp build stops here with a clear message when its AppID or https API address is missing. */
function guardWeappBuild(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const check = checkWeappBuild(process.env);
  if (check.errors.length) throw new Error(releaseErrorMessage(check.errors));
  for (const w of check.warnings) console.warn(`[ripple] local weapp build, not for upload: ${w}`);
  // Taro writes this AppID into dist/weapp/project.config.json (the source file keeps touristappid).
  if (check.release) process.env.TARO_APP_ID = process.env.WEAPP_APPID;
}

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  guardWeappBuild();
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'ripple',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, so the weapp and H5 builds never overwrite each other.
    // (RIPPLE_OUTPUT_ROOT: tests build a release package elsewhere, leaving the local build alone.)
    outputRoot: process.env.RIPPLE_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase()),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [SHARED_DIR, ...MODERN_PACKAGES] },
      // Smaller WXML (WXSS is minified by Taro's production build already); project.config.json asks WeChat's
      // upload to minify JS/WXML/WXSS too, as checkCodeQuality requires.
      minifyXML: { collapseWhitespace: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [SHARED_DIR] },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      // Source maps are written beside the files but not linked from them (not served to browsers; deploy:web
      // leaves them out); the bench reads them to measure how many bytes are second copies of a module.
      enableSourceMap: true,
      sourceMapType: 'hidden-source-map',
      webpackChain(chain) {
        // Sizes are measured by `npm run bench h5` (first-screen JS, duplicated bytes) instead of webpack's hint.
        chain.performance.hints(false);
        // Fetch the current page's chunks alongside app.js instead of after it (preload.ts).
        chain.plugin('first-screen-preload').use(FirstScreenPreload);
        // Pages are loaded on demand (async chunks); Taro's default splits initial chunks only, so every page chunk
        // carried its own copy of Taro's components, its H5 API layer and polyfills. Splitting all chunks puts each
        // module shared by several pages into one chunk those pages share.
        chain.optimization.splitChunks({
          chunks: 'all',
          minSize: 0,
          maxAsyncRequests: 30,
          maxInitialRequests: 30,
          cacheGroups: {
            default: false,
            defaultVendors: false,
            shared: { minChunks: 2, priority: 1, reuseExistingChunk: true },
          },
        });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  if (mode === 'development' || process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
