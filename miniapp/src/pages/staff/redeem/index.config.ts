export default definePageConfig({ navigationBarTitleText: '核销消费券' });
