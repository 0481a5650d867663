export default definePageConfig({ navigationBarTitleText: '活动与讲座' });
