import type { ItemContent } from '../../src/domain/item-content.js';

/**
 * IN-03 payloads: each would set `window.__xss` if it ever ran. They go into every free-text element a
 * public page, the widget or a feed shows (item fields, unit names, questions and answers).
 */
export const XSS = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=1">',
  svg: '<svg onload="window.__xss=1"><circle r=1></svg>',
  attr: '" onmouseover="window.__xss=1" x="',
  js: 'javascript:window.__xss=1',
  iframe: '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
} as const;

/** Markup that must never appear verbatim in any response (escaped, it is harmless text). */
export const FORBIDDEN_MARKUP = [
  /<script>window\.__xss/i,
  /<img src=x onerror/i,
  /<svg onload/i,
  /<iframe srcdoc/i,
  /href="javascript:/i,
  /onmouseover="window/i,
];

export function assertNoMarkup(body: string, where: string): void {
  for (const re of FORBIDDEN_MARKUP) if (re.test(body)) throw new Error(`${where}: payload rendered as markup (${re})`);
}

/** An item whose every displayed text field carries a payload. */
export function xssContent(): Partial<ItemContent> {
  const all = `${XSS.script}${XSS.img}${XSS.svg}`;
  return {
    name: `恶意事项${XSS.script}${XSS.img}`,
    acceptCondition: `${all}${XSS.attr}`,
    transactAddr: XSS.svg,
    transactTime: XSS.iframe,
    specialProcedure: XSS.attr,
    consult: { phone: XSS.img, web: XSS.js, window: XSS.script },
    supervise: { web: XSS.js, email: XSS.svg },
    setBasis: [{ title: `《${XSS.script}》`, article: XSS.img, text: XSS.svg }],
    scenarios: [{ name: XSS.img, description: XSS.script }],
    flow: [{ name: XSS.svg, description: XSS.iframe }, { name: '审核' }, { name: '办结' }],
    materials: [
      {
        name: `申请书${XSS.img}`,
        necessity: '1',
        kind: '2',
        form: '3',
        paperCopies: 1,
        source: '1',
        sourceNote: XSS.script,
        fillNotes: XSS.svg,
        blankForm: { name: XSS.img, url: 'https://example.gov.cn/form.docx' },
      },
    ],
    faqs: [{ question: `问题${XSS.script}`, answer: `解答${XSS.img}${XSS.js}` }],
    ext: { resultName: XSS.svg, personThemes: [`主题${XSS.img}`], corporateThemes: ['准营准办'] },
  };
}
