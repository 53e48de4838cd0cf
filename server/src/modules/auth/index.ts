export { accounts, refreshTokens, smsCodes, type AccountRow } from './auth.table';
export { ensureAccountByPhone, findAccount, findAccountByPhoneHash, setAccountPhone, upsertAccountByPhone } from './auth.repository';
export { createAuthService, type AuthService } from './auth.service';
export { authRoutes } from './auth.routes';
export { createSessionRevocations, notifySessionsRevoked, type SessionRevocations } from './auth.sessions';
