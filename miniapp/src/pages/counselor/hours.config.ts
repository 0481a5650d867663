export default definePageConfig({ navigationBarTitleText: '付费咨询时间' });
