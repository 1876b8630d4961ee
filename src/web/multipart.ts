import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { App } from '../http/app.js';
import { secureCookieName } from '../http/auth.js';
import { errors } from '../shared/errors.js';

/** One uploaded file of a multipart form. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Minimal multipart/form-data parser for console upload forms (a catalogue version file next to a few text
 * fields): text fields become strings, file fields `UploadedFile`s, so the CSRF check and the handlers read
 * `request.body` as for any other form. Whole body in memory, bounded by the route's `bodyLimit`.
 */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw Object.assign(new Error('multipart boundary missing'), { statusCode: 400 });
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Record<string, string | UploadedFile> = {};
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) break;
    const part = body.subarray(partStart + 2, next - 2); // skip CRLF after the delimiter and before the next one
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const data = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined && !name.startsWith('__proto__')) {
        out[name] = filename !== undefined
          ? { filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream', data: Buffer.from(data) }
          : data.toString('utf8');
      }
    }
    start = next;
  }
  return out;
}

export const isUploadedFile = (v: unknown): v is UploadedFile => !!v && typeof v === 'object' && Buffer.isBuffer((v as UploadedFile).data);

/**
 * Registers the multipart parser on `scope`, which must be an encapsulated plugin holding only upload routes
 * (see `uploadRoutes`). The parser has no limit of its own: each upload route sets `bodyLimit`, every other
 * route in the scope gets the application's default (1 MB).
 */
export function registerMultipart(scope: FastifyInstance): void {
  if (scope.hasContentTypeParser('multipart/form-data')) return;
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}

export interface UploadParsers {
  /** multipart/form-data (console upload forms). */
  multipart?: boolean;
  /** Content types taken as a raw Buffer (e.g. the xlsx MIME type). */
  raw?: readonly string[];
}

/**
 * Upload routes in their own encapsulated Fastify plugin. Their parsers (multipart, raw file types) exist only
 * inside it, so any other route answers such a body with 415 before reading it, and the large `bodyLimit`s
 * are set on the upload routes alone. Inside, a caller without any credentials (no session cookie, no bearer
 * token) is refused with 401 before the body is read; the full check (session, CSRF, policy) runs as for
 * every route, in the auth hook.
 */
export function uploadRoutes(app: App, config: Config, parsers: UploadParsers, routes: (scope: App) => void): void {
  void app.register(async (scope) => {
    const cookie = secureCookieName(config);
    scope.addHook('onRequest', async (request) => {
      if (!request.cookies?.[cookie] && !request.headers.authorization?.startsWith('Bearer ')) throw errors.unauthenticated();
    });
    if (parsers.multipart) registerMultipart(scope);
    for (const type of parsers.raw ?? []) scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    routes(scope);
  });
}
