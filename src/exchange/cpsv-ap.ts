import { ITEM_TYPES, label } from '../domain/enums.js';
import type { ExportRow } from './exchange.queries.js';

/**
 * The catalogue as CPSV-AP 3.2 JSON-LD (the EU Core Public Service Vocabulary Application Profile), so European
 * tools can read it. Pure mapping; validated against the official SHACL shapes in test/exchange/cpsv-ap.test.ts.
 * Each item is a cpsv:PublicService; its 实施单位 an m8g:PublicOrganisation covering the jurisdiction; materials
 * are m8g:Evidence, fees m8g:Cost, the online channel an m8g:Channel, the 审批结果 an m8g:Output. Every text
 * carries `@language: zh` (the shapes require rdf:langString).
 */

export const CPSV_CONTEXT = {
  cpsv: 'http://purl.org/vocab/cpsv#',
  m8g: 'http://data.europa.eu/m8g/',
  dct: 'http://purl.org/dc/terms/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dcat: 'http://www.w3.org/ns/dcat#',
  foaf: 'http://xmlns.com/foaf/0.1/',
} as const;

export interface CpsvOptions {
  /** Base of the identifiers (the public portal), e.g. https://zwfw.example.gov.cn */
  baseUrl: string;
  /** 行政区划代码 of the jurisdiction (dct:spatial of every organisation). */
  regionCode: string;
  regionName: string;
}

type Node = Record<string, unknown>;
const zh = (value: string) => ({ '@value': value, '@language': 'zh' });

export function cpsvDocument(rows: Iterable<ExportRow>, opts: CpsvOptions): Node {
  const graph: Node[] = [];
  const orgs = new Map<string, Node>();
  const spatial = {
    '@id': `${opts.baseUrl}/regions/${opts.regionCode}`,
    '@type': 'dct:Location',
    'skos:prefLabel': zh(opts.regionName),
  };
  for (const r of rows) {
    const orgId = `${opts.baseUrl}/units/${r.unitUscc}`;
    if (!orgs.has(orgId)) {
      orgs.set(orgId, {
        '@id': orgId,
        '@type': 'm8g:PublicOrganisation',
        'dct:identifier': r.unitUscc,
        'skos:prefLabel': zh(r.unitName),
        'dct:spatial': spatial,
      });
    }
    graph.push(publicService(r, orgId, opts.baseUrl));
  }
  return { '@context': CPSV_CONTEXT, '@graph': [...orgs.values(), ...graph] };
}

function publicService(r: ExportRow, orgId: string, base: string): Node {
  const c = r.content;
  const code = r.handlingCode ? `${r.taskCode}-${r.handlingCode}` : r.taskCode;
  const id = `${base}/items/${code}`;
  const part = (kind: string, i: number) => `${id}#${kind}-${i + 1}`;
  const service: Node = {
    '@id': id,
    '@type': 'cpsv:PublicService',
    'dct:identifier': code,
    'dct:title': zh(c.name),
    'dct:description': zh(c.acceptCondition?.trim() || `${c.name}（${label(ITEM_TYPES, c.type)}）`),
    'm8g:hasCompetentAuthority': { '@id': orgId },
  };
  if (c.materials?.length) {
    service['m8g:hasInput'] = c.materials.map((m, i) => ({
      '@id': part('evidence', i),
      '@type': 'm8g:Evidence',
      'dct:identifier': `${code}-E${i + 1}`,
      'dct:title': zh(m.name),
    }));
  }
  if (c.fees?.length) {
    service['m8g:hasCost'] = c.fees.map((f, i) => ({
      '@id': part('cost', i),
      '@type': 'm8g:Cost',
      'dct:identifier': `${code}-C${i + 1}`,
      'dct:description': zh(`${f.name}：${f.standard}`),
    }));
  }
  if (c.online?.url) {
    service['m8g:hasChannel'] = {
      '@id': part('channel', 0),
      '@type': 'm8g:Channel',
      'dct:identifier': `${code}-online`,
    };
  }
  if (c.ext?.resultName) {
    service['cpsv:produces'] = {
      '@id': part('output', 0),
      '@type': 'm8g:Output',
      'dct:identifier': `${code}-output`,
      'dct:title': zh(c.ext.resultName),
    };
  }
  return service;
}
