import type { MaterialSpec } from './spec.js';

/** Materials that recur across items, spelt once so every item asks for them in the same words. */
export const M = {
  licence: '营业执照',
  legalRepId: '法定代表人（负责人）居民身份证',
  applicantId: '申请人居民身份证',
  householdRegister: '居民户口簿',
  agent: {
    name: '授权委托书及受托人居民身份证',
    necessity: '2',
    kind: '3',
    copyKind: '3',
    source: '1',
    remark: '委托他人代为办理时提供；受托人居民身份证原件核验后退还',
  },
  sitePlan: '经营场所平面布局图',
  sitePremises: {
    name: '经营场所使用证明（不动产权证书或者租赁合同）',
    kind: '1',
    copyKind: '2',
    copies: 1,
    source: '1',
  },
  safetyRules: '安全管理制度和岗位操作规程',
  bankAccount: { name: '本人社会保障卡或者银行账户信息', kind: '3', form: '2', source: '1' },
  photo: '近期一寸正面免冠白底彩色照片',
  commitment: '告知承诺书',
} satisfies Record<string, string | MaterialSpec>;
