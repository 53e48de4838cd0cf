export default definePageConfig({
  navigationBarTitleText: '扫码核验会员',
});
