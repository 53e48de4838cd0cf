export default definePageConfig({
  navigationBarTitleText: '普惠商户管理',
  enablePullDownRefresh: true,
});
