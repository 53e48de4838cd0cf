export default definePageConfig({ navigationBarTitleText: '申请转会' });
