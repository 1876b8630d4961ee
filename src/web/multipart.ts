import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { Config } from '../config/config.js';
import type { App } from '../http/app-type.js';
import { secureCookieName } from '../http/auth.js';
import { errors } from '../shared/errors.js';
import { isRecord } from '../shared/guards.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `uploadRoutes` on routes that take multipart/form-data; every other route refuses such a body. */
    multipartUpload?: boolean;
  }
}

/** One uploaded file of a multipart form. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export const isUploadedFile = (v: unknown): v is UploadedFile => isRecord(v) && Buffer.isBuffer(v.data);

const tooLarge = () => Object.assign(new Error('request body too large'), { statusCode: 413 });
const notAccepted = () => Object.assign(new Error('multipart/form-data is not accepted here'), { statusCode: 415 });

/**
 * Multipart forms through @fastify/multipart: text fields become strings and file fields `UploadedFile`s
 * (`attachFieldsToBody: 'keyValues'`), so the CSRF check and the handlers read `request.body` as for any other
 * form. Registered on the application before the auth hook, because the auth hook reads the form's `_csrf`
 * field in preValidation and the plugin fills the body in its own preValidation hook. Only routes that
 * `uploadRoutes` marked take such a body: every other route answers 415 before reading it; an upload route
 * answers 413 at once when the announced length exceeds its `bodyLimit`, and stops reading a file that grows
 * past it (a chunked body announces no length).
 */
export async function registerMultipart(app: App): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: true,
    async onFile(part: MultipartFile) {
      const file: UploadedFile = {
        filename: part.filename,
        contentType: part.mimetype || 'application/octet-stream',
        data: await part.toBuffer(),
      };
      part.value = file;
    },
  });
  app.addHook('onRequest', async (request) => {
    if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) return;
    if (!request.routeOptions.config?.multipartUpload) throw notAccepted();
    const length = Number(request.headers['content-length']);
    if (length > (request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0)) throw tooLarge();
  });
}

export interface UploadParsers {
  /** multipart/form-data (console upload forms). */
  multipart?: boolean;
  /** Content types taken as a raw Buffer (e.g. the xlsx MIME type). */
  raw?: readonly string[];
}

/**
 * Upload routes in their own encapsulated Fastify plugin. Their raw file parsers exist only inside it and they
 * alone are marked to take multipart bodies, so any other route answers such a body with 415 before reading
 * it, and the large `bodyLimit`s are set on the upload routes alone. Inside, a caller without any credentials
 * (no session cookie, no bearer token) is refused with 401 before the body is read; the full check (session,
 * CSRF, policy) runs as for every route, in the auth hook.
 */
export function uploadRoutes(app: App, config: Config, parsers: UploadParsers, routes: (scope: App) => void): void {
  void app.register(async (scope) => {
    const cookie = secureCookieName(config);
    scope.addHook('onRequest', async (request) => {
      if (!request.cookies?.[cookie] && !request.headers.authorization?.startsWith('Bearer '))
        throw errors.unauthenticated();
    });
    if (parsers.multipart) {
      scope.addHook('onRoute', (route) => {
        // The plugin reads per-route busboy options from config.multipartOptions: no file past the route's limit.
        const multipartOptions = { limits: { fileSize: route.bodyLimit ?? scope.initialConfig.bodyLimit } };
        route.config = { ...route.config, multipartUpload: true, multipartOptions };
      });
    }
    for (const type of parsers.raw ?? [])
      scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    routes(scope);
  });
}
