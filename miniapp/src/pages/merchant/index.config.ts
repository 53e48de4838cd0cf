export default definePageConfig({
  navigationBarTitleText: '扫码验证会员',
});
