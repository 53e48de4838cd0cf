export { benefitCampaigns, benefitCampaignPlaces, benefitCampaignShards, benefitClaims, benefitKind, benefitPeriod } from './benefits.table';
export { createBenefitsService, periodKey, VOUCHER_CODE_PURPOSE, type BenefitsService } from './benefits.service';
export { benefitsRoutes } from './benefits.routes';
export { insertCampaign, rewriteEligiblePaths } from './benefits.repository';
export { createPrizeVouchers, type PrizeVouchersPort } from './benefits.prizes';
export { type PointsWallet } from './benefits.points';
