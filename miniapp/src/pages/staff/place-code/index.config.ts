export default definePageConfig({ navigationBarTitleText: '领取码', navigationBarBackgroundColor: '#ffffff', backgroundColor: '#ffffff' });
