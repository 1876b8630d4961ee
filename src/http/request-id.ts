import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config.js';

/** What a gateway's request id may look like before we log it, store it in the audit trail and echo it. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Request ids: with REQUEST_ID_HEADER set, the gateway's id (when well-formed; otherwise a fresh one) becomes
 * `request.id`, which pino writes on every log line of the request (`reqId`), the audit trail records and error
 * bodies return. Without it, ids are fresh UUIDs.
 */
export function requestIdOptions(config: Config): Pick<FastifyServerOptions, 'genReqId' | 'requestIdHeader'> {
  // Fastify would take the header as it comes; genReqId checks it first.
  return { requestIdHeader: false, genReqId: requestIdOf(config) };
}

/** The id of a request (also for those the fast path answers before Fastify). */
export function requestIdOf(config: Config): (req: IncomingMessage) => string {
  const header = config.http.requestIdHeader;
  return (req) => {
    const given = header ? req.headers[header] : undefined;
    return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
  };
}

/** Echoes the request id in the gateway's header, so the gateway's and our logs can be joined from either side. */
export function echoRequestId(app: { addHook: FastifyInstance['addHook'] }, config: Config): void {
  const header = config.http.requestIdHeader;
  if (!header) return;
  app.addHook('onRequest', async (request, reply) => {
    reply.header(header, request.id);
  });
}
