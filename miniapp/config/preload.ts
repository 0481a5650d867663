import type { Compiler } from 'webpack';

/**
 * Pages load on demand, so a phone used to fetch index.html → app.js → (run it) → the page's chunks, one after the
 * other. This plugin writes into index.html which chunks each first-screen page needs and a few lines that add
 * `<link rel="preload">` for the current address's page at once, so those chunks download alongside app.js.
 * Only the pages people land on from outside are listed (home, self-test, a campaign or invite link, sign-in).
 */
const FIRST_SCREENS = [
  'pages/index/index',
  'pages/selftest/index',
  'pages/selftest/quiz',
  'pages/campaign-landing/index',
  'pages/referral/landing',
  'pages/auth/login',
];

/** Runs in the browser before the app: picks the page from the address as the app's hash router will. */
function preloadScript(files: Record<string, string[]>): string {
  return `(function (m) {
  var p = /^\\/campaigns\\/[0-9A-Za-z_-]+\\/?$/.test(location.pathname) ? 'pages/campaign-landing/index' : location.hash.slice(1).split('?')[0].replace(/^\\//, '') || 'pages/index/index';
  (m[p] || []).forEach(function (f) {
    var l = document.createElement('link');
    l.rel = 'preload';
    l.as = /\\.css$/.test(f) ? 'style' : 'script';
    l.href = '/' + f;
    document.head.appendChild(l);
  });
})(${JSON.stringify(files)});`;
}

export class FirstScreenPreload {
  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('FirstScreenPreload', (compilation) => {
      // The copy Taro's runner uses (hooks are kept per plugin module).
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const HtmlWebpackPlugin = require(require.resolve('html-webpack-plugin', { paths: [require.resolve('@tarojs/webpack5-runner')] }));
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('FirstScreenPreload', (data: { headTags: unknown[] }) => {
        const files: Record<string, string[]> = {};
        for (const group of compilation.chunkGroups) {
          const page = group.origins[0]?.request?.replace(/^\.\//, '');
          if (!page || !FIRST_SCREENS.includes(page)) continue;
          files[page] = group.chunks.flatMap((c) => [...c.files]).filter((f) => /\.(js|css)$/.test(f));
        }
        data.headTags.push({ tagName: 'script', voidTag: false, innerHTML: preloadScript(files), attributes: {}, meta: { plugin: 'FirstScreenPreload' } });
        return data;
      });
    });
  }
}
