export default definePageConfig({ navigationBarTitleText: '我的领取和券' });
