// Stands in for jsonp-retry on H5 (see config/index.ts): the app never asks Taro.request for JSONP.
export default function jsonp() {
  return Promise.reject(new Error('JSONP is not supported'));
}
