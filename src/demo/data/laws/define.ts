import type { DemoLaw, LegalDocKind, LegalDocStatus } from '../types.js';

/**
 * Compact constructor for register entries. Dates follow one convention across the register: publishedOn /
 * effectiveOn are those of the original enactment, amendedOn and docNo those of the latest amendment or
 * revision whose text the articles reproduce. Article texts are abridged paraphrases (marked with ……), not
 * authoritative copies.
 */
export interface DocMeta {
  issuer: string;
  docNo?: string;
  published: string;
  effective: string;
  amended?: string;
  repealed?: string;
  /** Defaults to repealed when `repealed` is set, else in_force. */
  status?: LegalDocStatus;
}

export function defineDoc(
  key: string,
  kind: LegalDocKind,
  title: string,
  meta: DocMeta,
  articles: ReadonlyArray<readonly [number: string, text: string]>,
): DemoLaw {
  const doc: DemoLaw = {
    key,
    kind,
    title,
    issuer: meta.issuer,
    publishedOn: meta.published,
    effectiveOn: meta.effective,
    status: meta.status ?? (meta.repealed ? 'repealed' : 'in_force'),
    articles: articles.map(([number, text]) => ({ number, text })),
  };
  if (meta.docNo) doc.docNo = meta.docNo;
  if (meta.amended) doc.amendedOn = meta.amended;
  if (meta.repealed) doc.repealedOn = meta.repealed;
  return doc;
}

export const NPCSC = '全国人民代表大会常务委员会';
export const NPC = '全国人民代表大会';
export const STATE_COUNCIL = '国务院';
