export default definePageConfig({ navigationBarTitleText: '主题日时段' });
