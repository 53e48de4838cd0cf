export default definePageConfig({
  navigationBarTitleText: '入会二维码',
  navigationBarBackgroundColor: '#ffffff',
  backgroundColor: '#ffffff',
});
