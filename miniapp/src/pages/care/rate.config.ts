export default definePageConfig({ navigationBarTitleText: '评价咨询' });
