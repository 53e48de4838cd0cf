export default definePageConfig({ navigationBarTitleText: '课程和测试' });
