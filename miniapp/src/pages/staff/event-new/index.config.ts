export default definePageConfig({
  navigationBarTitleText: '创建入会活动',
});
