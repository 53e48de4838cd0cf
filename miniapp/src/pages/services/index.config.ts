export default definePageConfig({
  navigationBarTitleText: '服务预约',
  enablePullDownRefresh: true,
});
