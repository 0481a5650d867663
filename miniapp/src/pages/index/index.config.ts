export default definePageConfig({ navigationBarTitleText: 'Ripple 涟漪' });
