import { createDevRealName } from './dev-realname';
import type { RealNameConfig, RealNameProvider } from './realname.adapter';
import { createTencentRealName } from './tencent-realname';

/** The provider chosen by REALNAME_PROVIDER: the offline development one, or Tencent Cloud FaceID. */
export function createRealNameProvider(config: RealNameConfig): RealNameProvider {
  return config.provider === 'tencent' ? createTencentRealName(config.tencent) : createDevRealName(config.rejectIds);
}
