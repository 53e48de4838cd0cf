export default definePageConfig({
  navigationBarTitleText: '工会设置',
  enablePullDownRefresh: true,
});
