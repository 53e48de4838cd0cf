export default defineAppConfig({
  pages: ['pages/index/index', 'pages/services/index', 'pages/card/index', 'pages/me/index', 'pages/login/index'],
  // Sub-packages keep the main package small (WeChat's 2 MB limit). pages/join/index is the path the
  // stall QR codes point at (JOIN_PAGE_PATH in the shared contract), so that root must not move.
  subPackages: [
    { root: 'pages/join', pages: ['index'] },
    { root: 'pages/application', pages: ['index'] },
    {
      root: 'pages/staff',
      pages: [
        'index',
        'events/index',
        'event-new/index',
        'qr/index',
        'orgs/index',
        'people/index',
        'audit/index',
        'tree/index',
        'org-import/index',
        'station-import/index',
        'merchants/index',
        'check-in/index',
        'scan/index',
        'place-code/index',
        'redeem/index',
        'services/index',
        'service-edit/index',
        'campaigns/index',
        'campaign-new/index',
        'campaign/index',
        'learning/index',
        'transfers/index',
        'members/index',
        'member/index',
        'contest/index',
        'figures/index',
      ],
    },
    { root: 'pages/bookings', pages: ['detail/index', 'mine/index'] },
    { root: 'pages/scan', pages: ['index'] },
    { root: 'pages/merchants', pages: ['index'] },
    { root: 'pages/merchant', pages: ['index'] },
    { root: 'pages/stations', pages: ['index'] },
    { root: 'pages/messages', pages: ['index'] },
    { root: 'pages/membership', pages: ['index', 'transfer', 'profile'] },
    { root: 'pages/help', pages: ['index'] },
    // pages/benefits/claim is where place codes point (CLAIM_PAGE_PATH in the shared contract): it must not move.
    { root: 'pages/benefits', pages: ['index', 'claim', 'mine'] },
    // pages/learning/verify is where a certificate's QR points (CERTIFICATE_VERIFY_PAGE_PATH): it must not move.
    { root: 'pages/learning', pages: ['index', 'test', 'course', 'lesson', 'contest', 'mall', 'certificates', 'certificate', 'verify'] },
  ],
  // 附近驿站 and 普惠商户 nearest first: the position is asked for only on those pages, with this reason.
  permission: { 'scope.userLocation': { desc: '用于查找您附近的普惠商户和暖心驿站' } },
  requiredPrivateInfos: ['getLocation'],
  // The status page follows the form at once: fetch it while the applicant types.
  preloadRule: {
    'pages/join/index': { network: 'all', packages: ['pages/application'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f3f4f6',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '工会会员服务',
    navigationBarTextStyle: 'black',
    // Also turns on Taro's H5 navigation bar (title, back and home buttons).
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#4b5260',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/services/index',
        text: '服务',
        iconPath: 'assets/tab/services.png',
        selectedIconPath: 'assets/tab/services-active.png',
      },
      {
        pagePath: 'pages/card/index',
        text: '会员卡',
        iconPath: 'assets/tab/card.png',
        selectedIconPath: 'assets/tab/card-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
});
