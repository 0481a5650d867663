export default definePageConfig({ navigationBarTitleText: '导出或删除我的数据' });
