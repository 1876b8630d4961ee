import type { Citation } from '../domain/item-content.js';
import { ITEM_TYPES, label } from '../domain/enums.js';
import { citationLabel, citations } from './helpers.js';
import type { CheckSubject, LegalDocumentStatus, Rule, RuleContext } from './types.js';

/** Validity of the legal basis (legal-basis register) and Art. 8 consistency with the base catalogue. */

/** Citations whose register entry has one of `statuses`, with the register entry. */
function citationsWithStatus(
  { content }: CheckSubject,
  { legalDocuments }: RuleContext,
  statuses: readonly LegalDocumentStatus[],
) {
  return citations(content).flatMap((c) => {
    const doc = c.citation.docId ? legalDocuments?.get(c.citation.docId) : undefined;
    return doc && statuses.includes(doc.status) ? [{ ...c, doc }] : [];
  });
}

const repealedBasis: Rule = {
  id: 'legal.repealed-basis',
  severity: 'error',
  category: 'legal',
  title: '依据已废止或失效',
  description:
    '设定依据或实施依据引用了法律依据库中已废止或失效的文件。设定依据已被废止或失效的事项应当取消（第十六条第一项）；依据调整的应当变更（第十八条）。',
  check: (subject, context) =>
    citationsWithStatus(subject, context, ['repealed', 'expired']).map(({ path, label: what, doc }) => ({
      path: `${path}.docId`,
      message: `${what}《${doc.title}》已${doc.status === 'repealed' ? '废止' : '失效'}：请改引现行有效的依据；设定依据已废止或失效的，应按第十六条申请取消事项`,
    })),
};

const amendedBasis: Rule = {
  id: 'legal.amended-basis',
  severity: 'warning',
  category: 'legal',
  title: '依据已修订',
  description:
    '引用的文件已被修订：条款序号和内容可能已变化，应核对后引用修订后的版本。第十八条第一项（设定依据调整的，应予变更）。',
  check: (subject, context) =>
    citationsWithStatus(subject, context, ['amended']).map(({ path, label: what, citation, doc }) => ({
      path: `${path}.docId`,
      message: `${what}《${doc.title}》已修订：请核对${citationLabel(citation)}在修订后的条款序号和内容，改引现行版本`,
    })),
};

const unknownDocument: Rule = {
  id: 'legal.unknown-document',
  severity: 'warning',
  category: 'legal',
  title: '依据不在法律依据库中',
  description: '引用的文件编号在法律依据库中找不到，无法跟踪其修订和废止。domain.md §4.1（依据废止、修订触发调整）。',
  check: ({ content }, { legalDocuments }) =>
    legalDocuments
      ? citations(content)
          .filter(({ citation }) => citation.docId && !legalDocuments.has(citation.docId))
          .map(({ path, citation }) => ({
            path: `${path}.docId`,
            message: `${citationLabel(citation)}的文件编号「${citation.docId}」不在法律依据库中：请从法律依据库中选择该文件，库中没有的请先申请录入`,
          }))
      : [],
};

const normalizeTitle = (title: string) => title.replace(/[《》\s]/g, '');

const documentTitle: Rule = {
  id: 'legal.document-title',
  severity: 'warning',
  category: 'legal',
  title: '依据名称与法律依据库不一致',
  description:
    '引用了法律依据库中的文件，但填写的文件名称与库中名称不同（书名号和空格不计）：文件编号和名称应指向同一文件，否则依据修订、废止时（第十六条至第十八条）无法准确提示须调整的事项。',
  check: ({ content }, { legalDocuments }) =>
    citations(content).flatMap(({ path, citation }) => {
      const doc = citation.docId ? legalDocuments?.get(citation.docId) : undefined;
      return doc && normalizeTitle(doc.title) !== normalizeTitle(citation.title)
        ? [
            {
              path: `${path}.title`,
              message: `文件名称「${citation.title}」与法律依据库中编号为「${citation.docId}」的文件《${normalizeTitle(doc.title)}》不一致：请核对所引文件`,
            },
          ]
        : [];
    }),
};

const ART8 =
  '同一事项在不同层级、不同区域应保持事项名称、事项编码、事项类型、设定依据一致（第八条）；确需调整的，请向上级目录管理机构申请';

const citationKey = (c: Citation) => `${normalizeTitle(c.title)}|${(c.article ?? '').replace(/\s/g, '')}`;

/** Citations of `from` that `other` lacks, compared by document title and 条 (as multisets). */
function citationsMissingFrom(from: Citation[], other: Citation[]): Citation[] {
  const remaining = other.map(citationKey);
  return from.filter((c) => {
    const i = remaining.indexOf(citationKey(c));
    if (i < 0) return true;
    remaining.splice(i, 1);
    return false;
  });
}

const catalogueName: Rule = {
  id: 'legal.catalogue-name',
  severity: 'error',
  category: 'legal',
  title: '事项名称与基本目录一致',
  description:
    '认领基本目录的事项，事项名称必须与基本目录一致；业务办理项的名称为基本目录名称加括号注明的办理情形，如「食品经营许可（新办）」。第八条。',
  check: ({ content, granularity }, { catalogueEntry }) => {
    if (!catalogueEntry) return [];
    const name = content.name.trim();
    const base = catalogueEntry.name.trim();
    const matches =
      granularity === 'handling'
        ? name === base || (name.startsWith(base) && /^[（(][^（）()]+[)）]$/.test(name.slice(base.length)))
        : name === base;
    if (matches) return [];
    const expected = granularity === 'handling' ? `「${base}（办理情形）」` : `「${base}」`;
    return [{ path: 'content.name', message: `事项名称应与基本目录一致，为${expected}：${ART8}` }];
  },
};

const catalogueCode: Rule = {
  id: 'legal.catalogue-code',
  severity: 'error',
  category: 'legal',
  title: '基本编码与基本目录一致',
  description: '认领基本目录的事项，基本编码必须与基本目录一致。第八条。',
  check: ({ content }, { catalogueEntry }) =>
    catalogueEntry && content.catalogCode !== catalogueEntry.catalogCode
      ? [
          {
            path: 'content.catalogCode',
            message: `基本编码应与基本目录一致，为「${catalogueEntry.catalogCode}」：${ART8}`,
          },
        ]
      : [],
};

const catalogueType: Rule = {
  id: 'legal.catalogue-type',
  severity: 'error',
  category: 'legal',
  title: '事项类型与基本目录一致',
  description: '认领基本目录的事项，事项类型必须与基本目录一致。第八条。',
  check: ({ content }, { catalogueEntry }) =>
    catalogueEntry && content.type !== catalogueEntry.type
      ? [
          {
            path: 'content.type',
            message: `事项类型应与基本目录一致，为「${label(ITEM_TYPES, catalogueEntry.type)}」：${ART8}`,
          },
        ]
      : [],
};

const catalogueSetBasis: Rule = {
  id: 'legal.catalogue-set-basis',
  severity: 'error',
  category: 'legal',
  title: '设定依据与基本目录一致',
  description: '认领基本目录的事项，设定依据（按文件名称和条比较）必须与基本目录一致。第八条。',
  check({ content }, { catalogueEntry }) {
    if (!catalogueEntry) return [];
    const lacking = citationsMissingFrom(catalogueEntry.setBasis, content.setBasis ?? []);
    const extra = citationsMissingFrom(content.setBasis ?? [], catalogueEntry.setBasis);
    if (lacking.length === 0 && extra.length === 0) return [];
    const parts = [
      lacking.length ? `缺少${lacking.map(citationLabel).join('、')}` : '',
      extra.length ? `多出${extra.map(citationLabel).join('、')}` : '',
    ].filter(Boolean);
    return [{ path: 'content.setBasis', message: `设定依据与基本目录不一致（${parts.join('；')}）：${ART8}` }];
  },
};

/** Legal-basis validity and base-catalogue consistency rules. */
const catalogueCodeKnown: Rule = {
  id: 'legal.catalogue-code-known',
  severity: 'error',
  category: 'legal',
  title: '基本编码在基本目录中',
  description:
    '已导入基本目录时，行使层级在基本目录所管层级内的主项、子项，其基本编码必须是基本目录中的编码（区级不得自行编制），已登记基本编码调整建议的除外；提交和核验时均检查。第八条；domain.md §2.1.3。',
  check({ content, granularity }, { catalogue, catalogueEntry }) {
    if (granularity === 'handling' || catalogueEntry || !catalogue || catalogue.divergenceRecorded) return [];
    if (!(content.useLevels ?? []).some((l) => catalogue.governedLevels.includes(l))) return [];
    return [
      {
        path: 'content.catalogCode',
        message: `基本编码「${content.catalogCode}」不在已导入的基本目录中：请认领基本目录中的对应条目，或就基本编码登记调整建议报上级：${ART8}`,
      },
    ];
  },
};

const catalogueCodeShared: Rule = {
  id: 'legal.catalogue-code-shared',
  severity: 'warning',
  category: 'legal',
  title: '基本编码未被本辖区其他单位使用',
  description:
    '同一辖区内两个实施单位使用同一基本编码时提示（可能重复录入或职责交叉）；确属多个单位分别实施的，可说明理由后保留。第八条。',
  check({ content, granularity }, { sameCodeElsewhere }) {
    if (granularity === 'handling' || !sameCodeElsewhere?.length) return [];
    const others = sameCodeElsewhere.map((o) => `${o.unitName}「${o.itemName}」`).join('、');
    return [
      {
        path: 'content.catalogCode',
        message: `基本编码「${content.catalogCode}」已由本辖区其他单位使用：${others}。请核对是否重复录入或职责交叉`,
      },
    ];
  },
};

export const LEGAL_RULES: Rule[] = [
  repealedBasis,
  amendedBasis,
  unknownDocument,
  documentTitle,
  catalogueName,
  catalogueCode,
  catalogueType,
  catalogueSetBasis,
  catalogueCodeKnown,
  catalogueCodeShared,
];
