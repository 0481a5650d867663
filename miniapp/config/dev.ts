import type { UserConfigExport } from '@tarojs/cli';

// Development builds keep the defaults (no minification, source maps); nothing to override yet.
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
