export default definePageConfig({ navigationBarTitleText: '涟漪消息' });
