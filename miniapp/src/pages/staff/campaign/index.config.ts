export default definePageConfig({
  navigationBarTitleText: '领取进度',
});
