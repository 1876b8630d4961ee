import type { MaterialSpec } from '../specs/spec.js';
import type { LooseMaterial as Material } from './loose.js';
import { PLATFORM_HOST } from './places.js';

/**
 * Turns material names into complete 申请材料 rows. The category of a material (a form the applicant fills
 * in, a certificate some authority issued, a report a qualified body signs, a photo, a document the applicant
 * keeps) decides its 材料类型, 形式, 原件/复印件, 来源渠道 and 受理标准, so writers only name materials and
 * state the exceptions.
 */

type Category = 'sharedLicence' | 'issued' | 'form' | 'identity' | 'report' | 'certificate' | 'photo' | 'document';

const RULES: ReadonlyArray<readonly [Category, RegExp]> = [
  ['sharedLicence', /^营业执照$|建设工程规划许可证$|建筑工程施工许可证$|不动产权证书（土地）$/],
  ['photo', /照片/],
  ['issued', /通知书$|决定书$|审核同意书$|意见书$|审核意见$/],
  ['form', /表$|申请表|申请书$|备案书$|承诺书$|授权书$|同意书$|委托书$|声明$/],
  ['identity', /居民身份证$|户口簿/],
  ['report', /(检测|评价|论证|测绘|评估|勘察)报告|诊断证明|病历|检测合格证明|竣工验收报告$/],
  ['certificate', /证$|证书|执照|批准书|批复|合格书|许可证/],
];

const categoryOf = (name: string): Category => RULES.find(([, re]) => re.test(name))?.[0] ?? 'document';

type Inferred = Omit<Material, 'name' | 'necessity' | 'basis'>;

const PAPER = { form: '3', paperCopies: 1, paperSpec: 'A4纸' } as const;

function infer(category: Category, name: string, formUrl: string): Inferred {
  switch (category) {
    case 'sharedLicence':
      return { kind: '1', form: '2', source: '4', sourceNote: '由受理部门通过电子证照库调取，申请人无需提交纸质材料' };
    case 'photo':
      return {
        kind: '3',
        form: '1',
        paperCopyKind: '1',
        paperCopies: 2,
        paperSpec: '近期正面免冠彩色证件照',
        source: '1',
      };
    case 'issued':
      return { kind: '1', ...PAPER, paperCopyKind: '1', source: '2', sourceNote: '由作出决定的行政机关出具' };
    case 'form':
      return {
        kind: '2',
        ...PAPER,
        paperCopyKind: '1',
        source: '5',
        sourceNote: '通过山西政务服务平台在线填写，或者在受理窗口领取空白表格填写',
        blankForm: { name: `${name}（空白表）.docx`, url: `${formUrl}-blank.docx` },
        sample: { name: `${name}（示例）.pdf`, url: `${formUrl}-sample.pdf` },
        fillNotes: '如实填写各项内容，申请人签字（单位加盖公章）',
      };
    case 'identity':
      return { kind: '1', ...PAPER, paperCopyKind: '3', source: '2', sourceNote: '由公安机关核发' };
    case 'report':
      return { kind: '1', ...PAPER, paperCopyKind: '1', source: '3', sourceNote: '由具备相应资质的机构出具' };
    case 'certificate':
      return { kind: '1', ...PAPER, paperCopyKind: '3', source: '2', sourceNote: '由原发证机关核发' };
    case 'document':
      return { kind: '3', ...PAPER, paperCopyKind: '2', source: '1' };
  }
}

const STANDARD: Readonly<Record<Category, string>> = {
  sharedLicence: '证照在有效期内，信息与申请事项一致',
  photo: '照片清晰，符合证件照规格要求',
  issued: '文书真实有效，与申请事项对应',
  form: '填写完整、内容真实，签字（盖章）齐全',
  identity: '证件在有效期内，原件核验后当场退还',
  report: '出具机构资质有效，结论明确，签章齐全',
  certificate: '证件真实有效，原件核验后当场退还',
  document: '内容真实、完整，与申请事项一致',
};

function acceptStandard(category: Category, material: Material): string {
  const copy =
    material.paperCopyKind === '2' || material.paperCopyKind === '3'
      ? '；复印件须与原件一致并由申请人签字（单位盖章）确认'
      : '';
  return `${STANDARD[category]}${copy}`;
}

export function buildMaterials(
  specs: readonly (string | MaterialSpec)[],
  basisText: string,
  formUrlPrefix: string,
): Material[] {
  return specs.map((entry, index) => {
    const spec: MaterialSpec = typeof entry === 'string' ? { name: entry } : entry;
    const category = categoryOf(spec.name);
    const material: Material = {
      name: spec.name,
      necessity: spec.necessity ?? '1',
      ...infer(category, spec.name, `${formUrlPrefix}-${index + 1}`),
    };
    if (spec.kind) material.kind = spec.kind;
    if (spec.form) material.form = spec.form;
    if (spec.copyKind) material.paperCopyKind = spec.copyKind;
    if (spec.copies !== undefined) material.paperCopies = spec.copies;
    if (spec.source) {
      // An explicit channel replaces the inferred one together with its explanation.
      material.source = spec.source;
      delete material.sourceNote;
      if (spec.source === '2') material.sourceNote = '由原发证机关核发';
    }
    if (spec.sourceNote) material.sourceNote = spec.sourceNote;
    if (material.form === '2') {
      // Paper facts make no sense for a material exchanged electronically.
      delete material.paperCopyKind;
      delete material.paperCopies;
      delete material.paperSpec;
    } else {
      material.paperCopies ??= 1;
      material.paperSpec ??= 'A4纸';
    }
    material.acceptStandard = acceptStandard(category, material);
    material.basis = basisText;
    if (spec.remark) material.remark = spec.remark;
    return material;
  });
}

export const formUrlPrefix = (catalogCode: string, key: string) => `${PLATFORM_HOST}/forms/${catalogCode}-${key}`;
