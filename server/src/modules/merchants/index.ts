export { merchants, merchantStaff, merchantCategory, type MerchantRow } from './merchants.table';
export { insertMerchant, insertClerk, findMerchantPlace, merchantPlacesInScope } from './merchants.repository';
export { createMerchantsService, type MerchantsService, type MemberCodeCheck } from './merchants.service';
export { merchantsRoutes } from './merchants.routes';
