export default definePageConfig({
  navigationBarTitleText: '入会活动',
  enablePullDownRefresh: true,
});
