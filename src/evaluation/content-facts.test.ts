import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemContent } from '../domain/item-content.js';
import { guideLinks, onlineStatus } from './content-facts.js';

describe('content facts for evaluation', () => {
  const cases: Array<[string, Partial<ItemContent>, string]> = [
    ['own system', { online: { channel: 'own', url: 'https://a.gov.cn/x' } }, 'online'],
    ['platform channel', { online: { channel: 'platform' } }, 'online'],
    ['网上办理 among the forms only', { handleForms: ['1', '2'] }, 'online'],
    [
      'exempt wins over forms',
      { online: { channel: 'exempt', exemption: 'secret', exemptionReason: '涉密' }, handleForms: ['2'] },
      'exempt',
    ],
    ['window only', { handleForms: ['1'] }, 'none'],
    ['nothing said', {}, 'none'],
  ];
  for (const [name, content, want] of cases)
    it(`online status: ${name}`, () => assert.equal(onlineStatus(content as ItemContent), want));

  it('lists each published URL once per kind', () => {
    const links = guideLinks({
      online: { channel: 'own', url: 'https://a.gov.cn/apply', mobileUrl: 'https://m.a.gov.cn/' },
      materials: [
        {
          name: '申请书',
          blankForm: { name: '申请书.docx', url: 'https://a.gov.cn/f.docx' },
          sample: { name: '样表', url: 'https://a.gov.cn/s.pdf' },
        },
        { name: '补充申请书', blankForm: { name: '申请书.docx', url: 'https://a.gov.cn/f.docx' } },
      ],
      ext: { resultSample: { name: '许可证样本', url: 'https://a.gov.cn/r.pdf' } },
    } as unknown as ItemContent);
    assert.deepEqual(
      links.map((l) => [l.kind, l.url]),
      [
        ['online', 'https://a.gov.cn/apply'],
        ['mobile', 'https://m.a.gov.cn/'],
        ['blank_form', 'https://a.gov.cn/f.docx'],
        ['sample', 'https://a.gov.cn/s.pdf'],
        ['result_sample', 'https://a.gov.cn/r.pdf'],
      ],
    );
  });

  it('adds the official text of each cited document that has one, once per document', () => {
    const laws = new Map([['law-a', { title: '甲法', url: 'https://flk.npc.gov.cn/a' }]]);
    const links = guideLinks(
      {
        setBasis: [{ docId: 'law-a', title: '甲法' }, { title: '未登记的文件' }],
        implBasis: [
          { docId: 'law-a', title: '甲法', article: '第三条' },
          { docId: 'law-b', title: '乙条例' },
        ],
      },
      (id) => laws.get(id),
    );
    assert.deepEqual(
      links.map((l) => [l.kind, l.label, l.url]),
      [['legal_basis', '法律依据全文：甲法', 'https://flk.npc.gov.cn/a']],
    );
  });
});
