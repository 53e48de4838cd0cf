export default definePageConfig({ navigationBarTitleText: '转会办理', enablePullDownRefresh: true });
