import type { ItemType } from '../domain/enums.js';
import path from 'node:path';
import { ConfigError, VARIABLES, type VariableValues } from './variables.js';

/** The validated, frozen configuration. Built once at boot by `loadConfig`; never read `process.env` elsewhere. */
export interface Config {
  env: 'development' | 'test' | 'production';
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    /** PUBLIC_BASE_URL when set, '' otherwise: the prefix of the public API's links (relative when unset). */
    publicLinkBase: string;
    behindTls: boolean;
    trustedProxies: string[];
    managementCidrs: string[];
    /** Lower-case name of the gateway's request-id header (REQUEST_ID_HEADER), if any. */
    requestIdHeader?: string;
  };
  db: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  dataDir: string;
  logLevel: VariableValues['logLevel'];
  jurisdiction: {
    regionCode: string;
    name: string;
    fullName: string;
    /** 行使层级 code of the deploying level. */
    level: '1' | '2' | '3' | '4' | '5';
    areaCode: string;
    platformChannelUrl: string;
  };
  deadlines: {
    adjustmentWorkingDays: number;
    countGroundDay: boolean;
    explanationWorkingDays: number;
  };
  keys: { audit?: string; data?: string; pepper?: string };
  passwordHash: 'scrypt' | 'pbkdf2-sm3';
  mail: { smtpUrl?: string; from: string };
  /** Outbound HTTP to staff-entered URLs (channel webhooks and status polling), see security/outbound-http.ts. */
  outbound: { allowedCidrs: string[] };
  /** Days after an explanation request was answered before the requester's name and contact are erased. */
  explanationRetentionDays: number;
  runJobs: boolean;
  /** Signed audit checkpoints outside the database (audit/checkpoint.ts). */
  auditCheckpoint: { everyMinutes: number; syslog?: string };
  /** Scorecards and the link checker (issue 15). */
  evaluation: {
    weights: VariableValues['evaluationWeights'];
    staleMonths: number;
    linkCheck: { failures: number; concurrency: number; timeoutMs: number; hosts: string[] };
    /** Public feedback counted since the item's last review, within `windowDays`, that flags it for the bureau. */
    feedbackFlag: { unhelpful: number; explanations: number; windowDays: number };
    /** Headless Chromium that prints reports as PDF. */
    chromiumPath: string;
  };
  /** 事项类型 codes this deployment accepts (ITEM_TYPES). */
  itemTypes: readonly ItemType[];
  /** 基本编码 lengths this deployment accepts (CATALOG_CODE_LENGTHS): 12, and the province's longer forms. */
  catalogCodeLengths: readonly number[];
}

/** Validates every variable and reports all problems at once. Throws `ConfigErrors`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(VARIABLES)) {
    try {
      values[key] = spec.parse(env[spec.name]);
    } catch (e) {
      problems.push(e instanceof ConfigError ? e.message : `${spec.name}: ${String(e)}`);
    }
  }
  if (problems.length) throw new ConfigErrors(problems);
  const v = values as VariableValues;
  if (v.nodeEnv === 'production' && (!v.auditKey || !v.dataKey || !v.pepper)) {
    throw new ConfigErrors([
      'AUDIT_HMAC_KEY, DATA_ENCRYPTION_KEY and PASSWORD_PEPPER must be set in production (keys are never generated there)',
    ]);
  }
  const dataDir = path.resolve(v.dataDir);
  const config: Config = {
    env: v.nodeEnv,
    http: {
      host: v.host,
      port: v.port,
      publicBaseUrl: (v.publicBaseUrl ?? `http://localhost:${v.port}/`).replace(/\/$/, ''),
      publicLinkBase: (v.publicBaseUrl ?? '').replace(/\/$/, ''),
      behindTls: v.behindTls,
      trustedProxies: v.trustedProxies,
      managementCidrs: v.managementCidrs,
      requestIdHeader: v.requestIdHeader?.toLowerCase(),
    },
    db: v.databaseUrl
      ? { kind: 'postgres', url: v.databaseUrl, poolSize: v.databasePoolSize }
      : { kind: 'sqlite', file: path.resolve(dataDir, v.sqliteFile) },
    dataDir,
    logLevel: v.logLevel,
    jurisdiction: {
      regionCode: v.regionCode,
      name: v.jurisdictionName,
      fullName: v.jurisdictionFullName,
      level: v.jurisdictionLevel,
      areaCode: v.areaCode,
      platformChannelUrl: v.platformChannelUrl,
    },
    deadlines: {
      adjustmentWorkingDays: v.adjustmentWorkingDays,
      countGroundDay: v.countGroundDay,
      explanationWorkingDays: v.explanationWorkingDays,
    },
    keys: { audit: v.auditKey, data: v.dataKey, pepper: v.pepper },
    passwordHash: v.passwordHash,
    mail: { smtpUrl: v.smtpUrl, from: v.mailFrom },
    outbound: { allowedCidrs: v.outboundAllowedCidrs },
    itemTypes: v.itemTypes,
    catalogCodeLengths: v.catalogCodeLengths,
    explanationRetentionDays: v.explanationRetentionDays,
    runJobs: v.jobs,
    auditCheckpoint: { everyMinutes: v.auditCheckpointMinutes, syslog: v.auditCheckpointSyslog },
    evaluation: {
      weights: v.evaluationWeights,
      staleMonths: v.evaluationStaleMonths,
      linkCheck: {
        failures: v.linkCheckFailures,
        concurrency: v.linkCheckConcurrency,
        timeoutMs: v.linkCheckTimeoutMs,
        hosts: v.linkCheckHosts,
      },
      feedbackFlag: {
        unhelpful: v.feedbackFlagUnhelpful,
        explanations: v.feedbackFlagExplanations,
        windowDays: v.feedbackWindowDays,
      },
      chromiumPath: v.chromiumPath,
    },
  };
  return deepFreeze(config);
}

export class ConfigErrors extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 (invalid configuration):\n  ${problems.join('\n  ')}`);
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const value of Object.values(o)) deepFreeze(value);
    Object.freeze(o);
  }
  return o;
}
