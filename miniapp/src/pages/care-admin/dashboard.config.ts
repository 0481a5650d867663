export default definePageConfig({ navigationBarTitleText: '关怀指标' });
