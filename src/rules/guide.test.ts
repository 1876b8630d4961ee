import { GUIDE_RULES } from './guide.js';
import { runRuleCases } from './rule-cases.js';
import type { CheckSubject } from './types.js';

const material = (i: number, patch: Record<string, unknown>) => (s: CheckSubject) => void Object.assign(s.content.materials![i]!, patch);

runRuleCases(GUIDE_RULES, [
  { rule: 'guide.catch-all-material', name: '材料名称为其他相关材料', patch: material(2, { name: '其他相关材料' }), expect: [['guide.catch-all-material', 'content.materials.2.name']], message: /「其他相关材料」：请逐项写明/ },
  { rule: 'guide.catch-all-material', name: '材料名称以等结尾', patch: material(2, { name: '身份证、户口簿等' }), expect: [['guide.catch-all-material', 'content.materials.2.name']], message: /以「等」结尾/ },
  { rule: 'guide.catch-all-material', name: '材料名称含相关证明', patch: material(0, { name: '经营场所相关证明' }), expect: [['guide.catch-all-material', 'content.materials.0.name']], message: /出具单位/ },
  { rule: 'guide.catch-all-material', name: '「等级」不是兜底', patch: material(2, { name: '食品安全管理人员资质等级证书' }), expect: [] },
  { rule: 'guide.catch-all-text', name: '受理条件按有关规定、经相关部门同意', patch: (s) => void (s.content.acceptCondition = '符合按有关规定要求的条件，经相关部门同意'), expect: [['guide.catch-all-text', 'content.acceptCondition']], message: /「按有关规定」「相关部门」：请写明具体依据.*；请写明具体部门的全称/ },
  { rule: 'guide.catch-all-text', name: '收费标准按有关规定收取', type: '04', patch: (s) => void (s.content.fees![0]!.standard = '按有关规定收取'), expect: [['guide.catch-all-text', 'content.fees.0.standard']] },
  { rule: 'guide.catch-all-text', name: '受理标准视情况而定', patch: material(0, { acceptStandard: '视情况要求补充' }), expect: [['guide.catch-all-text', 'content.materials.0.acceptStandard']] },
  { rule: 'guide.catch-all-text', name: '具体的受理条件', expect: [] },
  { rule: 'guide.citation-article', name: '根据《XX法》有关规定', patch: (s) => void (s.content.setBasis = [{ docId: 'law-food-safety', title: '中华人民共和国食品安全法', text: '根据《中华人民共和国食品安全法》有关规定' }]), expect: [['guide.citation-article', 'content.setBasis.0.article']], message: /第十二条/ },
  { rule: 'guide.citation-article', name: '实施依据的条为空', patch: (s) => void (s.content.implBasis![0]!.article = ' '), expect: [['guide.citation-article', 'content.implBasis.0.article']] },
  { rule: 'guide.citation-article', name: '条写在条文内容中', patch: (s) => void (s.content.setBasis = [{ docId: 'law-food-safety', title: '中华人民共和国食品安全法', text: '第三十五条 国家对食品生产经营实行许可制度。' }]), expect: [] },
  { rule: 'guide.paper-copies', name: '纸质材料没有份数', patch: (s) => void delete s.content.materials![2]!.paperCopies, expect: [['guide.paper-copies', 'content.materials.2.paperCopies']] },
  { rule: 'guide.paper-copies', name: '纸质材料0份', patch: material(0, { paperCopies: 0 }), expect: [['guide.paper-copies', 'content.materials.0.paperCopies']] },
  { rule: 'guide.paper-copies', name: '电子化材料不需要份数', patch: (s) => { delete s.content.materials![2]!.paperCopies; s.content.materials![2]!.form = '2'; }, expect: [] },
  { rule: 'guide.source-note', name: '政府部门核发没有说明', patch: (s) => void delete s.content.materials![1]!.sourceNote, expect: [['guide.source-note', 'content.materials.1.sourceNote']] },
  { rule: 'guide.source-note', name: '调取电子证照库不需要说明', patch: (s) => { delete s.content.materials![1]!.sourceNote; s.content.materials![1]!.source = '4'; }, expect: [] },
  { rule: 'guide.placeholder', name: '办理时间详见附件', patch: (s) => void (s.content.transactTime = '详见附件'), expect: [['guide.placeholder', 'content.transactTime']], message: /请写明实际信息/ },
  { rule: 'guide.placeholder', name: '咨询窗口填「无」、投诉信件填「/」', patch: (s) => { s.content.consult!.window = '无'; s.content.supervise!.letter = '/'; }, expect: [['guide.placeholder', 'content.consult.window'], ['guide.placeholder', 'content.supervise.letter']] },
  { rule: 'guide.placeholder', name: '地址中含「无」字不是占位', patch: (s) => void (s.content.transactAddr = '平鲁区政务服务中心一楼无差别综合受理窗口'), expect: [] },
  { rule: 'guide.material-basis', name: '材料没有依据', patch: (s) => void delete s.content.materials![0]!.basis, expect: [['guide.material-basis', 'content.materials.0.basis']], message: /没有依据的材料应取消/ },
  { rule: 'guide.material-basis', name: '材料都有依据', expect: [] },
]);
