export default definePageConfig({ navigationBarTitleText: '客户时间线' });
