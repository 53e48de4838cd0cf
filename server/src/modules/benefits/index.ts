export { benefitCampaigns, benefitCampaignPlaces, benefitCampaignShards, benefitClaims, benefitKind, benefitPeriod } from './benefits.table';
export { createBenefitsService, periodKey, VOUCHER_CODE_PURPOSE, type BenefitsService, type VoucherNotices } from './benefits.service';
export { claimNotices } from './benefits.notices';
export { benefitsRoutes } from './benefits.routes';
export { insertCampaign, rewriteEligiblePaths } from './benefits.repository';
export { createPrizeVouchers, type PrizeVouchersPort } from './benefits.prizes';
export { type PointsWallet } from './benefits.points';
