export default definePageConfig({ navigationBarTitleText: '个人设置' });
