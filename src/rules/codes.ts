import { USE_LEVELS, label } from '../domain/enums.js';
import {
  catalogCodeLengthsText,
  isCatalogCode,
  isProvisionalTaskCode,
  splitTaskCode,
  type TaskCodeParts,
} from '../domain/task-code.js';
import { describeUsccProblem, isValidUscc } from '../domain/uscc.js';
import { isBlank } from './helpers.js';
import type { CheckSubject, Rule, RuleContext } from './types.js';

/**
 * 实施编码 = USCC (18) + 行使层级 (1) + 基本编码 (12, or a length the deployment enables in CATALOG_CODE_LENGTHS)
 * (domain.md §2.1.2, §2.5). A malformed code is only reported by `code.task-code-format`; the other task-code
 * rules look at well-formed codes only, so one mistake gives one finding.
 */

const taskCodeLayout = (lengths?: readonly number[]) =>
  `统一社会信用代码(18位) + 行使层级代码(1位，1–6) + 基本编码(${catalogCodeLengthsText(lengths)})`;
const taskCodeLengths = (lengths: readonly number[] = [12]) =>
  [...lengths]
    .sort((a, b) => a - b)
    .map((n) => `${19 + n}位`)
    .join('或');

function taskCodeParts(subject: CheckSubject, context: RuleContext): TaskCodeParts | null {
  return splitTaskCode(subject.taskCode ?? '', context.catalogCodeLengths);
}

const taskCodeFormat: Rule = {
  id: 'code.task-code-format',
  severity: 'error',
  category: 'code',
  title: '实施编码格式',
  description: `实施编码共31位：${taskCodeLayout()}；部署在 CATALOG_CODE_LENGTHS 中启用更长的本省基本编码时，相应加长。domain.md §2.1.2（按全国实际编码推断的 GB/T 39554.1 结构）。`,
  check(subject, context) {
    const code = subject.taskCode ?? '';
    if (isBlank(code) || isProvisionalTaskCode(code) || splitTaskCode(code, context.catalogCodeLengths)) return [];
    return [
      {
        path: 'taskCode',
        message: `实施编码「${code}」（${code.length}位）格式不正确：应为${taskCodeLengths(context.catalogCodeLengths)}，即${taskCodeLayout(context.catalogCodeLengths)}，字母须大写且不含I、O、S、V、Z`,
      },
    ];
  },
};

const taskCodeUscc: Rule = {
  id: 'code.task-code-uscc',
  severity: 'error',
  category: 'code',
  title: '实施编码中的统一社会信用代码有效',
  description: '实施编码前18位必须是有效的统一社会信用代码，校验位按 GB 32100-2015 计算。domain.md §2.5。',
  check(subject, context) {
    const parts = taskCodeParts(subject, context);
    const problem = parts && describeUsccProblem(parts.uscc);
    return problem ? [{ path: 'taskCode', message: `实施编码前18位「${parts.uscc}」无效：${problem}` }] : [];
  },
};

const taskCodeCatalog: Rule = {
  id: 'code.task-code-catalog',
  severity: 'error',
  category: 'code',
  title: '实施编码包含本事项的基本编码',
  description: '实施编码第20位起（全国格式为后12位）必须等于事项的基本编码。domain.md §2.1.2。',
  check(subject, context) {
    const parts = taskCodeParts(subject, context);
    if (!parts || parts.catalogCode === subject.content.catalogCode) return [];
    return [
      {
        path: 'taskCode',
        message: `实施编码后${parts.catalogCode.length}位「${parts.catalogCode}」与基本编码「${subject.content.catalogCode}」不一致：请按认领的基本编码重新组成实施编码`,
      },
    ];
  },
};

const taskCodeUnit: Rule = {
  id: 'code.task-code-unit',
  severity: 'error',
  category: 'code',
  title: '实施编码属于实施主体',
  description: '实施编码前18位必须是实施主体的统一社会信用代码（实施主体已知时检查）。domain.md §2.1.2、§2.5。',
  check(subject, context) {
    const parts = taskCodeParts(subject, context);
    const uscc = subject.unit?.uscc;
    if (!parts || !uscc || parts.uscc === uscc) return [];
    const unit = subject.unit?.name ? `${subject.unit.name}的` : '实施主体的';
    return [{ path: 'taskCode', message: `实施编码前18位「${parts.uscc}」应为${unit}统一社会信用代码 ${uscc}` }];
  },
};

const taskCodeLevel: Rule = {
  id: 'code.task-code-level',
  severity: 'warning',
  category: 'code',
  title: '实施编码的行使层级为本级',
  description:
    '实施编码第19位（行使层级代码）一般应为本部署的层级（JURISDICTION_LEVEL，区级为4）；承接上级事项等特殊情况可说明后保留。domain.md §2.1.2、§2.4。',
  check(subject, context) {
    const { jurisdictionLevel } = context;
    const parts = taskCodeParts(subject, context);
    if (!parts || !jurisdictionLevel || parts.level === jurisdictionLevel) return [];
    return [
      {
        path: 'taskCode',
        message: `实施编码第19位为「${parts.level}」（${label(USE_LEVELS, parts.level)}），本级应为「${jurisdictionLevel}」（${label(USE_LEVELS, jurisdictionLevel)}）：请核对实施编码`,
      },
    ];
  },
};

const taskCodeUseLevel: Rule = {
  id: 'code.task-code-use-level',
  severity: 'error',
  category: 'code',
  title: '实施编码的行使层级在行使层级中',
  description: '实施编码第19位（行使层级代码）必须是事项行使层级之一。domain.md §2.1.2、§3.4。',
  check(subject, context) {
    const parts = taskCodeParts(subject, context);
    const levels: readonly string[] = subject.content.useLevels ?? [];
    if (!parts || levels.length === 0 || levels.includes(parts.level)) return [];
    return [
      {
        path: 'taskCode',
        message: `实施编码第19位「${parts.level}」（${label(USE_LEVELS, parts.level)}）不在事项的行使层级中：请在行使层级中增加${label(USE_LEVELS, parts.level)}，或更正实施编码`,
      },
    ];
  },
};

const catalogCode: Rule = {
  id: 'code.catalog-code',
  severity: 'error',
  category: 'code',
  title: '基本编码格式',
  description:
    '基本编码由上级基本目录统一赋码，为12位数字或大写字母（本省另有更长格式的，部署在 CATALOG_CODE_LENGTHS 中启用）；区级不得自行编制。domain.md §2.1.3、§2.1.5。',
  check: ({ content }, { catalogCodeLengths }) =>
    isBlank(content.catalogCode) || isCatalogCode(content.catalogCode ?? '', catalogCodeLengths)
      ? []
      : [
          {
            path: 'content.catalogCode',
            message: `基本编码「${content.catalogCode}」（${content.catalogCode?.length}位）格式不正确：应为上级基本目录赋予的${catalogCodeLengthsText(catalogCodeLengths)}编码（数字或大写字母）`,
          },
        ],
};

const HANDLING_CODE_RE = /^[0-9A-Za-z-]{1,50}$/;

const handlingCode: Rule = {
  id: 'code.handling-code',
  severity: 'error',
  category: 'code',
  title: '业务办理项编码',
  description:
    '业务办理项必须有业务办理项编码（1–50位数字、字母或连字符，在所属实施编码下唯一）；主项、子项不填。domain.md §2.1.4。',
  check({ granularity, handlingCode: code = '' }) {
    if (granularity !== 'handling') {
      return isBlank(code)
        ? []
        : [
            {
              path: 'handlingCode',
              message: '只有业务办理项有业务办理项编码：主项、子项请留空，或将颗粒度改为业务办理项',
            },
          ];
    }
    if (isBlank(code))
      return [{ path: 'handlingCode', message: '业务办理项编码不能为空：请填写1–50位数字、字母或连字符组成的编码' }];
    return HANDLING_CODE_RE.test(code)
      ? []
      : [{ path: 'handlingCode', message: `业务办理项编码「${code}」格式不正确：应为1–50位数字、字母或连字符` }];
  },
};

/** A 业务办理项编码 of real guides: the 实施编码 it belongs to plus a two-digit sequence (33 characters). */
const HANDLING_UNDER_TASK_RE = /^([0-9A-Z]{31})(\d{2})$/;

const handlingCodeParent: Rule = {
  id: 'code.handling-code-parent',
  severity: 'error',
  category: 'code',
  title: '33位业务办理项编码属于上级事项',
  description:
    '业务办理项编码写成「所属实施编码+2位顺序号」（33位）时，前31位必须是上级事项（主项或子项）的实施编码。domain.md §2.1.4。',
  check({ granularity, handlingCode: code = '', parentTaskCode: owner }) {
    const match = granularity === 'handling' ? HANDLING_UNDER_TASK_RE.exec(code) : null;
    if (!match || !owner || match[1] === owner) return [];
    return [
      {
        path: 'handlingCode',
        message: `业务办理项编码「${code}」前31位「${match[1]}」不是上级事项的实施编码「${owner}」：应为上级事项的实施编码加2位顺序号，如「${owner}01」`,
      },
    ];
  },
};

/**
 * A 业务办理项编码 as the 行政许可事项实施规范 publish it: the 基本编码 of the 子项 (or 主项) it belongs to plus a
 * two-digit sequence — 14 characters under a national 基本编码 (e.g. 林木采伐许可证延续【00016421300301】 under
 * 000164213003, test/support/real-guides.ts). Read that way only when the code has exactly that length.
 */
const handlingCodeCatalog: Rule = {
  id: 'code.handling-code-catalog',
  severity: 'error',
  category: 'code',
  title: '基本编码加2位的业务办理项编码属于上级事项',
  description:
    '业务办理项编码写成「上级事项的基本编码+2位顺序号」（全国基本编码下为14位，如实施规范中的 00016421300301）时，前面的基本编码必须是上级事项（主项或子项）的基本编码。domain.md §2.1.4；行政许可事项实施规范。',
  check({ granularity, handlingCode: code = '', parentCatalogCode, content }) {
    const base = parentCatalogCode || content.catalogCode;
    if (granularity !== 'handling' || !base || code.length !== base.length + 2 || !/\d{2}$/.test(code)) return [];
    const prefix = code.slice(0, -2);
    if (prefix === base) return [];
    return [
      {
        path: 'handlingCode',
        message: `业务办理项编码「${code}」前${prefix.length}位「${prefix}」不是上级事项的基本编码「${base}」：应为上级事项的基本编码加2位顺序号，如「${base}01」`,
      },
    ];
  },
};

const unitRegion: Rule = {
  id: 'code.unit-region',
  severity: 'warning',
  category: 'code',
  title: '实施主体的行政区划代码与统一社会信用代码一致',
  description:
    '统一社会信用代码第3–8位是登记管理机关的行政区划码；实施主体登记的行政区划代码与之不同的，多为录入错误（由上级登记的单位可说明后保留）。GB 32100-2015；domain.md §2.5。',
  check({ unit }) {
    if (!unit?.regionCode || !isValidUscc(unit.uscc)) return [];
    const fromUscc = unit.uscc.slice(2, 8);
    if (fromUscc === unit.regionCode) return [];
    return [
      {
        path: 'unit.regionCode',
        message: `${unit.name ?? '实施主体'}的行政区划代码「${unit.regionCode}」与统一社会信用代码第3–8位「${fromUscc}」不一致：请核对单位信息中的行政区划代码或统一社会信用代码`,
      },
    ];
  },
};

/** Rules on 实施编码, 基本编码 and 业务办理项编码. */
export const CODE_RULES: Rule[] = [
  taskCodeFormat,
  taskCodeUscc,
  taskCodeCatalog,
  taskCodeUnit,
  taskCodeLevel,
  taskCodeUseLevel,
  catalogCode,
  handlingCode,
  handlingCodeParent,
  handlingCodeCatalog,
  unitRegion,
];
