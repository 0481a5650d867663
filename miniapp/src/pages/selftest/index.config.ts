export default definePageConfig({ navigationBarTitleText: '情绪自测' });
