import type { UserConfigExport } from '@tarojs/cli';

// Production builds use Taro's defaults (minified, no source maps).
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
