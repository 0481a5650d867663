export default definePageConfig({ navigationBarTitleText: '免费咨询' });
