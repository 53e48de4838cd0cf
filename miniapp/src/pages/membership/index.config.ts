export default definePageConfig({ navigationBarTitleText: '我的会籍', enablePullDownRefresh: true });
