export default definePageConfig({
  navigationBarTitleText: '福利活动',
  enablePullDownRefresh: true,
});
