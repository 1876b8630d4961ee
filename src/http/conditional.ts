import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether the client already has the response (304): If-None-Match when sent (weak tags compare equal),
 * else If-Modified-Since against the Last-Modified value, to the second.
 */
export function isNotModified(
  headers: IncomingHttpHeaders,
  etag: string | undefined,
  lastModified: string | undefined,
): boolean {
  const inm = headers['if-none-match'];
  if (typeof inm === 'string')
    return inm
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === etag || t === '*');
  const ims = headers['if-modified-since'];
  if (typeof ims === 'string' && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
