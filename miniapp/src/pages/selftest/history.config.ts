export default definePageConfig({ navigationBarTitleText: '我的自测记录' });
