export default definePageConfig({
  navigationBarTitleText: '扫码验证与核销',
});
