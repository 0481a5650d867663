export default definePageConfig({ navigationBarTitleText: '咨询师工作台' });
