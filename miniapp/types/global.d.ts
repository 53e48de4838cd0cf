/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    /** The platform being built, inlined by Taro at build time. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** The mini-program's appid, if set in the environment. */
    TARO_APP_ID?: string;
    /** API origin + prefix: '/api/v1' on H5, an absolute URL on weapp (see config/index.ts). */
    TARO_APP_API_BASE: string;
    /** WeChat subscription-message template ids, comma-separated (empty: none asked for). */
    TARO_APP_SUBSCRIBE_TEMPLATES: string;
  }
}
