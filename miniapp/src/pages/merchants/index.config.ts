export default definePageConfig({
  navigationBarTitleText: '普惠商户',
  enablePullDownRefresh: true,
});
