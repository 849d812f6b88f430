// The share-link code format (view::share in the app), for tests that craft links:
// "1." + base64url(raw deflate of the UTF-8 code).
import { deflateRawSync } from 'node:zlib';

export function encodeCode(code) {
  return `1.${deflateRawSync(Buffer.from(code, 'utf8'), { level: 9 }).toString('base64url')}`;
}
