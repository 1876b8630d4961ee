import type { MaterialSpec } from '../specs/spec.js';
import type { LooseMaterial as Material } from './loose.js';
import { PLATFORM_HOST } from './places.js';

/**
 * Turns material names into complete 申请材料 rows. The kind of a material (a form the applicant fills in, a
 * certificate some authority issued, a report a qualified body signs, a document the applicant keeps) decides
 * its 材料类型, 形式, 原件/复印件, 来源渠道 and 受理标准, so writers only name materials and set exceptions.
 */

type Inferred = Omit<Material, 'name' | 'necessity' | 'basis'>;

const FORM_RE = /(申请|登记|备案|申报|审批|信息|领取|领表|认定)(表|书)$|申请书$|申请表|承诺书$|声明$|同意书$|委托书$|通知书$/;
const SHARED_LICENCE_RE = /^营业执照$|建设工程规划许可证$|建筑工程施工许可证$|不动产权证书（土地）$/;
const ID_RE = /居民身份证$|户口簿/;
const REPORT_RE = /(检测|评价|论证|测绘|评估|勘察)报告|诊断证明|病历|检测合格证明|竣工验收报告$/;
const CERTIFICATE_RE = /证$|证书|执照|批准书|批复|合格书|许可证/;

function infer(name: string, formUrl: string): Inferred {
  if (SHARED_LICENCE_RE.test(name)) {
    return { kind: '1', form: '2', source: '4', sourceNote: '由受理部门通过电子证照库调取，申请人无需提交纸质材料', acceptStandard: '证照在有效期内，信息与申请事项一致' };
  }
  if (FORM_RE.test(name)) {
    return {
      kind: '2', form: '3', paperCopyKind: '1', paperCopies: 1, paperSpec: 'A4纸', source: '5',
      sourceNote: '通过山西政务服务平台在线填写，或者在受理窗口领取空白表格填写',
      blankForm: { name: `${name}（空白表）.docx`, url: `${formUrl}-blank.docx` },
      sample: { name: `${name}（示例）.pdf`, url: `${formUrl}-sample.pdf` },
      fillNotes: '如实填写各项内容，申请人签字（单位加盖公章）',
      acceptStandard: '填写完整、内容真实，签字（盖章）齐全',
    };
  }
  if (ID_RE.test(name)) {
    return { kind: '1', form: '3', paperCopyKind: '3', paperCopies: 1, paperSpec: 'A4纸', source: '2', sourceNote: '由公安机关核发', acceptStandard: '原件核验后退还，复印件与原件一致' };
  }
  if (REPORT_RE.test(name)) {
    return { kind: '1', form: '3', paperCopyKind: '1', paperCopies: 1, paperSpec: 'A4纸', source: '3', sourceNote: '由具备相应资质的机构出具', acceptStandard: '出具机构资质有效，结论明确，签章齐全' };
  }
  if (CERTIFICATE_RE.test(name)) {
    return { kind: '1', form: '3', paperCopyKind: '3', paperCopies: 1, paperSpec: 'A4纸', source: '2', sourceNote: '由原发证机关核发', acceptStandard: '证件在有效期内，复印件与原件一致' };
  }
  return { kind: '3', form: '3', paperCopyKind: '2', paperCopies: 1, paperSpec: 'A4纸', source: '1', acceptStandard: '内容真实、完整，与申请事项一致，复印件加盖公章或者签字确认' };
}

/** Paper-only facts make no sense for a material that is exchanged electronically. */
function dropPaperFacts(material: Material): void {
  delete material.paperCopyKind;
  delete material.paperCopies;
  delete material.paperSpec;
}

export function buildMaterials(specs: readonly (string | MaterialSpec)[], basisText: string, formUrlPrefix: string): Material[] {
  return specs.map((entry, index) => {
    const spec: MaterialSpec = typeof entry === 'string' ? { name: entry } : entry;
    const material: Material = {
      name: spec.name,
      necessity: spec.necessity ?? '1',
      ...infer(spec.name, `${formUrlPrefix}-${index + 1}`),
      basis: basisText,
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
    if (spec.remark) material.remark = spec.remark;
    if (material.form === '2') dropPaperFacts(material);
    else if (material.paperCopies === undefined) material.paperCopies = 1;
    return material;
  });
}

export const formUrlPrefix = (catalogCode: string, key: string) => `${PLATFORM_HOST}/forms/${catalogCode}-${key}`;
