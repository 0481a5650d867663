export default definePageConfig({ navigationBarTitleText: '主题日管理' });
