import { isIP } from 'node:net';
import { isCodeOf, ITEM_TYPES, NATIONAL_ITEM_TYPES, type ItemType } from '../domain/enums.js';
import { MAX_CATALOG_CODE_LENGTH, NATIONAL_CATALOG_CODE_LENGTH } from '../domain/task-code.js';

/**
 * Every environment variable the system reads, declared once: name, meaning, default and parser.
 * `loadConfig` validates them all at boot; `docs/configuration.md` is generated from this list
 * (`npm run docs`), so the documentation cannot drift from the code.
 */

export interface VariableSpec<T> {
  name: string;
  description: string;
  /** Shown in docs; `undefined` means "required" or "unset by default". */
  defaultText: string;
  parse: (raw: string | undefined) => T;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function v<T>(
  name: string,
  description: string,
  defaultText: string,
  parse: (raw: string | undefined, name: string) => T,
): VariableSpec<T> {
  return { name, description, defaultText, parse: (raw) => parse(raw === '' ? undefined : raw, name) };
}

const int = (def: number, min: number, max: number) => (raw: string | undefined, name: string) => {
  if (raw === undefined) return def;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
};
const bool = (def: boolean) => (raw: string | undefined, name: string) => {
  if (raw === undefined) return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
};
const oneOf =
  <T extends string>(def: T, values: readonly T[]) =>
  (raw: string | undefined, name: string): T => {
    if (raw === undefined) return def;
    const value = values.find((x) => x === raw);
    if (value === undefined) throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
    return value;
  };
/** Without a default an unset variable stays undefined; with one the result is always a string. */
const pattern =
  <D extends string | undefined>(def: D, re: RegExp, what: string) =>
  (raw: string | undefined, name: string): string | D => {
    const value = raw ?? def;
    if (value === undefined) return def;
    if (!re.test(value)) throw new ConfigError(name, `must be ${what}, got "${value}"`);
    return value;
  };
const text = (def: string) => (raw: string | undefined) => raw ?? def;
const smtpUrl = (raw: string | undefined, name: string) => {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL such as smtps://user:password@mail.example.gov.cn:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new ConfigError(name, `must use smtp:// or smtps://, got "${url.protocol}"`);
  if (!url.hostname) throw new ConfigError(name, 'must name the mail server');
  return raw;
};
const cidrList = (raw: string | undefined, name: string) => {
  if (raw === undefined) return [];
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of list) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(c))
      throw new ConfigError(name, `"${c}" is not an IP address or CIDR range`);
  }
  return list;
};
/** Like cidrList, but each entry must be a real address with a prefix that fits it (the ranges are used in a BlockList). */
const strictCidrList = (raw: string | undefined, name: string) => {
  const list = cidrList(raw, name);
  for (const c of list) {
    const [address, prefix, extra] = c.split('/');
    const family = isIP(address!);
    const max = family === 6 ? 128 : 32;
    if (
      !family ||
      extra !== undefined ||
      (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max))
    ) {
      throw new ConfigError(name, `"${c}" is not an IP address or CIDR range`);
    }
  }
  return list;
};
const url = (raw: string | undefined, name: string) => (raw === undefined ? undefined : givenUrl(raw, name));
const givenUrl = (raw: string, name: string) => {
  try {
    const u = new URL(raw);
    return u.toString();
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
};
/** A site's base address: http(s), no query or fragment (links are appended to it). */
const siteUrl = (raw: string | undefined, name: string) => {
  const value = url(raw, name);
  if (value === undefined) return undefined;
  const u = new URL(value);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(name, 'must use http:// or https://');
  if (u.search || u.hash || u.username)
    throw new ConfigError(name, 'must be a plain site address without query, fragment or credentials');
  return value;
};
const hexKey = (raw: string | undefined, name: string) => {
  if (raw === undefined) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(raw))
    throw new ConfigError(name, 'must be 64 hexadecimal characters (32 random bytes)');
  return raw.toLowerCase();
};

/** `metric=weight,…` for the scorecard; unknown metrics and non-integers are refused. */
export const SCORECARD_DEFAULT_WEIGHTS = {
  completeness: 20,
  precision: 10,
  timeliness: 25,
  online: 15,
  links: 10,
  explanations: 10,
  obligations: 5,
  review: 5,
  feedback: 5,
} as const;
const isWeightedMetric = (k: string): k is keyof typeof SCORECARD_DEFAULT_WEIGHTS =>
  Object.hasOwn(SCORECARD_DEFAULT_WEIGHTS, k);
const weightList = (raw: string | undefined, name: string) => {
  const out: Record<keyof typeof SCORECARD_DEFAULT_WEIGHTS, number> = { ...SCORECARD_DEFAULT_WEIGHTS };
  for (const pair of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z]+)=(\d{1,3})$/.exec(pair);
    const metric = m?.[1];
    if (!m || metric === undefined || !isWeightedMetric(metric))
      throw new ConfigError(name, `"${pair}" is not metric=weight with a metric among ${Object.keys(out).join(', ')}`);
    out[metric] = Number(m[2]);
  }
  return out;
};
const hostList = (raw: string | undefined, name: string) => {
  const list = (raw ?? '*.gov.cn')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const h of list) if (!/^(\*\.)?[a-z0-9.-]+$/.test(h)) throw new ConfigError(name, `"${h}" is not a host name`);
  return list;
};
const itemTypeList = (raw: string | undefined, name: string): ItemType[] => {
  if (raw === undefined) return [...NATIONAL_ITEM_TYPES];
  const codes = raw
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const known = codes.filter((c) => isCodeOf(ITEM_TYPES, c));
  const unknown = codes.filter((c) => !isCodeOf(ITEM_TYPES, c));
  if (unknown.length)
    throw new ConfigError(
      name,
      `unknown item type code(s) ${unknown.join(', ')}; known: ${Object.keys(ITEM_TYPES).join(', ')}`,
    );
  if (!codes.length) throw new ConfigError(name, 'must list at least one item type');
  return [...new Set(known)];
};
/** 基本编码 lengths: the national 12 always, plus the province's longer forms up to what a 实施编码 can hold. */
const catalogCodeLengths = (raw: string | undefined, name: string): number[] => {
  if (raw === undefined) return [NATIONAL_CATALOG_CODE_LENGTH];
  const items = raw
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = items.filter(
    (c) => !/^\d{1,2}$/.test(c) || Number(c) < NATIONAL_CATALOG_CODE_LENGTH || Number(c) > MAX_CATALOG_CODE_LENGTH,
  );
  if (bad.length)
    throw new ConfigError(
      name,
      `"${bad.join('", "')}" is not a length from ${NATIONAL_CATALOG_CODE_LENGTH} to ${MAX_CATALOG_CODE_LENGTH} (a 实施编码 is 19 characters plus the 基本编码 and holds at most 36)`,
    );
  const lengths = [...new Set(items.map(Number))].sort((a, b) => a - b);
  if (!lengths.includes(NATIONAL_CATALOG_CODE_LENGTH))
    throw new ConfigError(
      name,
      `must include ${NATIONAL_CATALOG_CODE_LENGTH}: items of the national base catalogue keep their 12-character 基本编码`,
    );
  return lengths;
};

export const VARIABLES = {
  nodeEnv: v(
    'NODE_ENV',
    'development, test or production. Production refuses to generate keys and requires TLS settings to be explicit.',
    'development',
    oneOf('development', ['development', 'test', 'production'] as const),
  ),
  host: v('HOST', 'Interface the HTTP server listens on.', '127.0.0.1', text('127.0.0.1')),
  port: v('PORT', 'HTTP port.', '3000', int(3000, 0, 65535)),
  publicBaseUrl: v(
    'PUBLIC_BASE_URL',
    'External URL of the portal (http or https, no query or fragment): absolute links in the public API, feeds, webhooks, the widget and printed links. Unset: the public API links relatively (a site reached by another host name never gets localhost links); feeds and webhooks fall back to http://localhost:$PORT.',
    '(unset)',
    siteUrl,
  ),
  behindTls: v(
    'BEHIND_TLS',
    'Set when a TLS (or 国密 TLCP) gateway terminates HTTPS in front of the app: cookies get `Secure`, HSTS is sent.',
    'false',
    bool(false),
  ),
  trustedProxies: v(
    'TRUSTED_PROXIES',
    'Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed. Empty: the socket address is used.',
    '(none)',
    cidrList,
  ),
  managementCidrs: v(
    'MANAGEMENT_CIDRS',
    'Comma-separated CIDR ranges (the 政务外网) allowed to reach the console and staff API. Empty: no restriction. The public portal is never restricted.',
    '(none)',
    cidrList,
  ),
  databaseUrl: v(
    'DATABASE_URL',
    'PostgreSQL connection URL. When set, PostgreSQL is used instead of SQLite.',
    '(unset: SQLite)',
    pattern(undefined, /^postgres(ql)?:\/\//, 'a postgres:// URL'),
  ),
  databasePoolSize: v('DATABASE_POOL_SIZE', 'PostgreSQL connection pool size per app instance.', '10', int(10, 1, 200)),
  dataDir: v(
    'DATA_DIR',
    'Directory for the SQLite file, generated demo keys and the demo accounts file.',
    './data',
    text('./data'),
  ),
  sqliteFile: v(
    'SQLITE_FILE',
    'SQLite database file name inside DATA_DIR (or an absolute path).',
    'shixiang.db',
    text('shixiang.db'),
  ),
  logLevel: v(
    'LOG_LEVEL',
    'pino log level: fatal, error, warn, info, debug, trace, silent.',
    'info',
    oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  ),
  regionCode: v(
    'JURISDICTION_REGION_CODE',
    'GB/T 2260 code of the deploying jurisdiction (140603 = 朔州市平鲁区).',
    '140603',
    pattern('140603', /^\d{6}$/, 'six digits'),
  ),
  jurisdictionName: v(
    'JURISDICTION_NAME',
    'Short name of the jurisdiction, shown in the UI.',
    '平鲁区',
    text('平鲁区'),
  ),
  jurisdictionFullName: v(
    'JURISDICTION_FULL_NAME',
    'Full name used in titles and documents.',
    '朔州市平鲁区',
    text('朔州市平鲁区'),
  ),
  jurisdictionLevel: v(
    'JURISDICTION_LEVEL',
    '行使层级 code of units in this jurisdiction: 1 国家级, 2 省级, 3 市级, 4 县级, 5 乡镇级.',
    '4',
    oneOf('4', ['1', '2', '3', '4', '5'] as const),
  ),
  areaCode: v(
    'JURISDICTION_AREA_CODE',
    'Telephone area code that consultation and complaint numbers must carry (0349 = 朔州).',
    '0349',
    pattern('0349', /^0\d{2,3}$/, 'a telephone area code such as 0349'),
  ),
  platformChannelUrl: v(
    'PLATFORM_CHANNEL_URL',
    'Online-handling channel for units without their own system (Art. 10: 山西政务服务平台朔州平鲁频道).',
    'https://www.sxzwfw.gov.cn/',
    (raw, name) => givenUrl(raw ?? 'https://www.sxzwfw.gov.cn/', name),
  ),
  adjustmentWorkingDays: v(
    'ADJUSTMENT_WORKING_DAYS',
    'Working days a unit has to adjust an item after the ground arises (Art. 19).',
    '3',
    int(3, 1, 60),
  ),
  countGroundDay: v(
    'COUNT_GROUND_DAY',
    'Count the day the ground arises as the first day (default: it is not counted, 民法典 第二百零一条).',
    'false',
    bool(false),
  ),
  explanationWorkingDays: v(
    'EXPLANATION_WORKING_DAYS',
    'Working days a unit has to answer a public explanation request (Art. 21).',
    '10',
    int(10, 1, 60),
  ),
  explanationRetentionDays: v(
    'EXPLANATION_RETENTION_DAYS',
    "Days after an explanation request was answered before the requester's name and contact are erased by the daily `explanation-retention` job (the question and the answer are kept; DATA-03).",
    '730',
    int(730, 1, 36500),
  ),
  auditKey: v(
    'AUDIT_HMAC_KEY',
    'HMAC-SM3 key of the audit chain (64 hex chars). In development a key is generated into DATA_DIR/keys.json.',
    '(generated in development)',
    hexKey,
  ),
  dataKey: v(
    'DATA_ENCRYPTION_KEY',
    'SM4 + HMAC-SM3 key material for personal data at rest (64 hex chars).',
    '(generated in development)',
    hexKey,
  ),
  pepper: v(
    'PASSWORD_PEPPER',
    'HMAC-SM3 pepper applied to password verifiers (64 hex chars).',
    '(generated in development)',
    hexKey,
  ),
  passwordHash: v(
    'PASSWORD_HASH',
    'Password verifier: scrypt (memory-hard, default) or pbkdf2-sm3 (for 密评).',
    'scrypt',
    oneOf('scrypt', ['scrypt', 'pbkdf2-sm3'] as const),
  ),
  smtpUrl: v(
    'SMTP_URL',
    'smtp:// or smtps:// URL for e-mail notifications. Unset: e-mail is off (the in-app inbox still works).',
    '(unset)',
    smtpUrl,
  ),
  mailFrom: v(
    'MAIL_FROM',
    'Sender address for e-mail notifications.',
    'shixiang@localhost',
    text('shixiang@localhost'),
  ),
  outboundAllowedCidrs: v(
    'OUTBOUND_ALLOWED_CIDRS',
    'Comma-separated CIDR ranges that channel webhooks and status polling may reach although they are loopback, private (RFC 1918), link-local, unique-local or otherwise reserved addresses; any port is allowed inside them. List the ranges of internal unit websites on the 政务外网 here. Empty: only public addresses, on ports 80 and 443.',
    '(none)',
    strictCidrList,
  ),
  // evaluation (issue 15)
  evaluationWeights: v(
    'EVALUATION_WEIGHTS',
    "Weights of the unit scorecard's sub-scores, as `metric=weight` pairs separated by commas (metrics: completeness, precision, timeliness, online, links, explanations, obligations, review, feedback; a metric left out keeps its default). The formula is shown on the scorecard page.",
    'completeness=20,precision=10,timeliness=25,online=15,links=10,explanations=10,obligations=5,review=5,feedback=5',
    weightList,
  ),
  evaluationStaleMonths: v(
    'EVALUATION_STALE_MONTHS',
    'Months after which a published item not updated (nor confirmed in a clean-up campaign) counts as "not reviewed" on the scorecard.',
    '12',
    int(12, 1, 120),
  ),
  feedbackFlagUnhelpful: v(
    'FEEDBACK_FLAG_UNHELPFUL',
    'Public "没帮助" votes on a guide (since the bureau last reviewed the item, within FEEDBACK_WINDOW_DAYS) at which the item is flagged for review in the bureau\'s public-feedback list (公众反映强烈, Art. 22).',
    '5',
    int(5, 1, 100000),
  ),
  feedbackFlagExplanations: v(
    'FEEDBACK_FLAG_EXPLANATIONS',
    'Explanation requests on an item (counted like FEEDBACK_FLAG_UNHELPFUL) at which the item is flagged for review.',
    '3',
    int(3, 1, 100000),
  ),
  feedbackWindowDays: v(
    'FEEDBACK_WINDOW_DAYS',
    'Days of public feedback (votes, explanation requests) counted towards the review flag; older feedback no longer flags an item.',
    '90',
    int(90, 1, 3650),
  ),
  chromiumPath: v(
    'CHROMIUM_PATH',
    'Chromium (or Chrome) binary that prints evaluation reports as PDF in headless mode (`shixiang report … --pdf`, the PDF links on the report pages). When it is missing, PDF export answers with a clear error; xlsx and printing still work.',
    '/usr/bin/chromium',
    text('/usr/bin/chromium'),
  ),
  linkCheckFailures: v(
    'LINK_CHECK_FAILURES',
    "Consecutive failed checks after which a broken link becomes a task on the unit's 工作台 (closed automatically when the link works again).",
    '3',
    int(3, 1, 100),
  ),
  linkCheckConcurrency: v(
    'LINK_CHECK_CONCURRENCY',
    'Links the daily link checker requests at the same time.',
    '4',
    int(4, 1, 32),
  ),
  linkCheckTimeoutMs: v(
    'LINK_CHECK_TIMEOUT_MS',
    'Time limit of one link check request, in milliseconds.',
    '10000',
    int(10000, 500, 120000),
  ),
  linkCheckHosts: v(
    'LINK_CHECK_HOSTS',
    'Comma-separated host names the link checker may request (a leading `*.` allows subdomains, e.g. `*.gov.cn`). Links to other hosts are recorded as "not checked". Private addresses are refused unless listed in OUTBOUND_ALLOWED_CIDRS.',
    '*.gov.cn',
    hostList,
  ),
  // Issue 12: item types and 基本编码 formats differ by province.
  itemTypes: v(
    'ITEM_TYPES',
    `Comma-separated 事项类型 codes this deployment accepts. Default: the national eleven (01–10 行政权力, 20 公共服务). Add 11 for 行政备案 where the province publishes it as a type of its own (it then needs the elements of an applied-for item: conditions, materials, time limits, flow). Known codes: ${Object.entries(
      ITEM_TYPES,
    )
      .map(([c, l]) => `${c} ${l}`)
      .join(', ')}.`,
    NATIONAL_ITEM_TYPES.join(','),
    itemTypeList,
  ),
  catalogCodeLengths: v(
    'CATALOG_CODE_LENGTHS',
    `Comma-separated lengths of the 基本编码 this deployment accepts (digits and capital letters). Default: 12, the national form checked as 12 characters. A province that assigns longer 基本编码 of its own lists them beside 12 (e.g. 12,14); each from 12 to ${MAX_CATALOG_CODE_LENGTH}, so the 实施编码 (USCC 18 + 行使层级 1 + 基本编码) fits the national 36 characters. Items, \`shixiang check\` and imports hold codes to this list (rule code.catalog-code).`,
    String(NATIONAL_CATALOG_CODE_LENGTH),
    catalogCodeLengths,
  ),
  jobs: v(
    'JOBS',
    'Run scheduled jobs (deadlines, scheduled publication, webhooks) in this instance.',
    'true',
    bool(true),
  ),
  // Observability (issue 11).
  requestIdHeader: v(
    'REQUEST_ID_HEADER',
    'Request header in which the gateway passes its request id (for example x-request-id). The id is kept when it is 1–128 letters, digits or `._:-`, logged with every line of the request, recorded in the audit trail, returned in error bodies and echoed in the same response header. Unset: the app numbers requests itself.',
    '(unset)',
    pattern(undefined, /^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name such as x-request-id'),
  ),
  // Audit tail anchor (issue 9)
  auditCheckpointMinutes: v(
    'AUDIT_CHECKPOINT_MINUTES',
    'Minutes between signed audit checkpoints written to DATA_DIR/audit-checkpoints.jsonl (also written at shutdown and by `shixiang audit checkpoint`). Records newer than the last checkpoint are the window in which deleting the newest audit records goes undetected. 0: only at shutdown and on demand.',
    '5',
    int(5, 0, 1440),
  ),
  auditCheckpointSyslog: v(
    'AUDIT_CHECKPOINT_SYSLOG',
    'Also send every audit checkpoint to a syslog collector on another host, as udp://host:port (RFC 5424, facility log audit). Unset: the file only.',
    '(unset)',
    pattern(undefined, /^udp:\/\/[^\s/:]+:\d{1,5}$/, 'a udp://host:port address'),
  ),
} as const;

export type Variables = typeof VARIABLES;
export type VariableValues = { [K in keyof Variables]: ReturnType<Variables[K]['parse']> };
