export default definePageConfig({
  navigationBarTitleText: '创建福利活动',
});
