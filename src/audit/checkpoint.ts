import dgram from 'node:dgram';
import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { AppContext } from '../app/context.js';
import type { Config } from '../config/config.js';
import { hmacSm3Hex, safeEqual } from '../crypto/sm.js';
import { canonicalJson } from '../shared/json.js';
import { chainHead } from './audit.repository.js';

/**
 * The audit chain's tail anchor (AUD-03). The chain MAC shows an edited, removed or re-linked record, but
 * not that the newest records (or all of them) were deleted: the shorter chain is still a valid chain. A
 * checkpoint records the head (sequence, MAC, record count, time), signed with HMAC-SM3 under a key derived
 * from AUDIT_HMAC_KEY, in a file under DATA_DIR (and optionally on a syslog host): a database writer alone
 * can neither remove it nor forge a new one. `shixiang audit verify` compares the chain with the newest.
 */
export interface Checkpoint {
  seq: number;
  mac: string;
  count: number;
  at: string;
}

export const checkpointFile = (config: Config) => path.join(config.dataDir, 'audit-checkpoints.jsonl');

// A key of its own, so a checkpoint signature can never be mistaken for a chain MAC.
const signingKey = (auditKey: Buffer) => Buffer.from(hmacSm3Hex(auditKey, 'shixiang audit checkpoint v1'), 'hex');
const signature = (auditKey: Buffer, cp: Checkpoint) =>
  hmacSm3Hex(signingKey(auditKey), canonicalJson({ seq: cp.seq, mac: cp.mac, count: cp.count, at: cp.at }));

/** Signs the chain's current head and appends it to the file (and to syslog when configured). Null: empty chain. */
export async function writeCheckpoint(ctx: AppContext): Promise<Checkpoint | null> {
  const head = await chainHead(ctx.db.kysely);
  if (!head) return null;
  const cp: Checkpoint = { seq: head.seq, mac: head.mac, count: head.count, at: ctx.clock.now().toISOString() };
  const line = JSON.stringify({ ...cp, sig: signature(ctx.keys.audit, cp) });
  const file = checkpointFile(ctx.config);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${line}\n`, { mode: 0o600 });
  if (ctx.config.auditCheckpoint.syslog) await sendSyslog(ctx.config.auditCheckpoint.syslog, line, cp.at);
  return cp;
}

export type CheckpointRead = { newest: Checkpoint | null } | { forgedLine: number };

/**
 * The newest checkpoint of the file (highest sequence). Any line whose signature does not verify makes
 * the whole file suspect: it is reported rather than skipped, since skipping is what a forger would want.
 */
export function readNewestCheckpoint(config: Config, auditKey: Buffer): CheckpointRead {
  let text: string;
  try {
    text = fs.readFileSync(checkpointFile(config), 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return { newest: null };
    throw e;
  }
  let newest: Checkpoint | null = null;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const cp = verifiedCheckpoint(auditKey, line);
    if (!cp) return { forgedLine: i + 1 };
    // Of checkpoints of the same head (a quiet chain), the latest: its time is how recently the chain was anchored.
    if (!newest || cp.seq >= newest.seq) newest = cp;
  }
  return { newest };
}

/** The checkpoint of one line of the file when its signature verifies, else null (a forged or damaged line). */
export function verifiedCheckpoint(auditKey: Buffer, line: string): Checkpoint | null {
  const cp = parseLine(line);
  return cp && safeEqual(cp.sig, signature(auditKey, cp))
    ? { seq: cp.seq, mac: cp.mac, count: cp.count, at: cp.at }
    : null;
}

function parseLine(line: string): (Checkpoint & { sig: string }) | null {
  try {
    const o = JSON.parse(line) as Record<string, unknown>;
    const ok =
      Number.isInteger(o.seq) &&
      Number.isInteger(o.count) &&
      typeof o.mac === 'string' &&
      typeof o.at === 'string' &&
      typeof o.sig === 'string';
    return ok ? (o as unknown as Checkpoint & { sig: string }) : null;
  } catch {
    return null;
  }
}

/** One RFC 5424 message over UDP (RFC 5426), facility 13 (log audit), severity notice. */
function sendSyslog(target: string, line: string, at: string): Promise<void> {
  const url = new URL(target);
  const message = Buffer.from(`<109>1 ${at} ${hostname()} shixiang ${process.pid} audit-checkpoint - ${line}`);
  const socket = dgram.createSocket(url.hostname.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    socket.send(message, Number(url.port), url.hostname.replace(/^\[|\]$/g, ''), () => {
      socket.close();
      resolve(); // best effort: the file is the anchor, syslog a second copy
    });
  });
}

/**
 * Writes a checkpoint every AUDIT_CHECKPOINT_MINUTES in this process; the returned function stops the timer
 * and writes the shutdown checkpoint. Failures are logged: they must never stop the server.
 */
export function startCheckpoints(ctx: AppContext): () => Promise<void> {
  const write = () =>
    writeCheckpoint(ctx).then(
      () => undefined,
      (err) => ctx.log.error({ err }, 'audit checkpoint failed'),
    );
  const minutes = ctx.config.auditCheckpoint.everyMinutes;
  const timer = minutes > 0 ? setInterval(() => void write(), minutes * 60_000) : undefined;
  timer?.unref();
  return async () => {
    if (timer) clearInterval(timer);
    await write();
  };
}
