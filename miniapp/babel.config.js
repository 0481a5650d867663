// babel-preset-taro is the preset Taro's own templates use; babel.config.js (not .babelrc) so it also
// applies to the TypeScript imported from the repo's shared/ folder.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
