import type { FastifyInstance } from 'fastify';

/** One uploaded file of a multipart form. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Minimal multipart/form-data parser for console upload forms (a catalogue version file next to a few text
 * fields): text fields become strings, file fields `UploadedFile`s, so the CSRF check and the handlers read
 * `request.body` as for any other form. Whole body in memory, bounded by `bodyLimit`.
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

/** Registers the parser once per application (10 MB, the largest file a console form accepts). */
export function registerMultipart(app: FastifyInstance): void {
  if (app.hasContentTypeParser('multipart/form-data')) return;
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
