// Stands in for whatwg-fetch and abortcontroller-polyfill on H5 (see config/index.ts).
export {};
