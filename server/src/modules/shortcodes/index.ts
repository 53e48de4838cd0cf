export { shortCodes, shortCodeMisses } from './shortcodes.table';
export {
  createShortCodesService,
  createGuessLimiter,
  shortCodesCleanupJob,
  deriveShortCode,
  DEFAULT_SHORT_CODE_LIMITS,
  type ShortCodesService,
  type ShortCodeIssuer,
  type ShortCodeIssue,
  type ShortCodeLimits,
  type GuessLimiter,
} from './shortcodes.service';
export { shortCodesRoutes } from './shortcodes.routes';
