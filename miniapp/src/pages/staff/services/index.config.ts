export default definePageConfig({
  navigationBarTitleText: '服务管理',
  enablePullDownRefresh: true,
});
