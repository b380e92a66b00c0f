import type { LeakForm } from './leak-report.js';

/** Forms by the number the index keeps them under. */
export const FORMS: readonly LeakForm[] = ['raw', 'url-encoded', 'base64', 'base64url', 'hex'];
export const RAW = 0;
export const URL_ENCODED = 1;
export const BASE64 = 2;
export const BASE64URL = 3;
export const HEX = 4;
