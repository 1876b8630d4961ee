import {
  COERCION_KINDS,
  DEPT_NATURES,
  GRANULARITIES,
  HANDLE_FORMS,
  INSPECTION_METHODS,
  ITEM_TYPES,
  MATERIAL_FORMS,
  MATERIAL_KINDS,
  MATERIAL_NECESSITIES,
  MATERIAL_SOURCES,
  ONLINE_DEPTHS,
  ONLINE_LEVELS,
  PAPER_COPY_KINDS,
  PENALTY_KINDS,
  POWER_SOURCES,
  PROJECT_TYPES,
  RESULT_TYPES,
  SERVICE_OBJECTS,
  UNIVERSAL_SCOPES,
  USE_LEVELS,
  label,
} from '../domain/enums.js';
import type { Citation, Contacts, Material } from '../domain/item-content.js';
import type { OnlineHandling } from '../publishing/public.presenter.js';
import type { PublicItem, PublicUnit } from '../publishing/public.queries.js';
import { html, type HtmlValue, type SafeHtml } from '../web/html.js';
import { extLink, facts, labels, prose, sentence, time, timeLimitText, yesNo } from './format.js';
import { breadcrumbs } from './layout.js';
import type { PortalLinks } from './links.js';

/** A related item as the guide links it. */
export interface ItemRef {
  code: string;
  name: string;
}

export interface GuideView {
  item: PublicItem;
  unit: PublicUnit | undefined;
  online: OnlineHandling;
  links: PortalLinks;
  /** Parent and child items (主项 / 子项 / 业务办理项) that are public. */
  parent?: ItemRef;
  children: readonly ItemRef[];
  /** The explanation-request section (form, or a link to the live portal in the export). */
  ask: HtmlValue;
  /** The "这个指南对您有帮助吗？" vote (live portal only). */
  feedback?: HtmlValue;
}

/**
 * 办事指南: every public element of the published version, in the order provincial 政务服务网 guides use
 * (基本信息, 办理地点和时间, 受理条件, 申请材料, 特别程序, 办理流程, 收费标准, 设定依据, 常见问题, then 咨询/监督投诉),
 * after the online-handling action the regulation asks for first (Art. 10–11), and the version line last.
 */
export function guideBody(v: GuideView): SafeHtml {
  const { item, links } = v;
  const c = item.content;
  const suspended = item.lifeState === 'suspended';
  const sections: Array<[string, string, HtmlValue]> = [
    ['online', '网上办理', onlineSection(v, suspended)],
    ['basic', '基本信息', basicFacts(v)],
    [
      'place',
      '办理地点和时间',
      facts([
        ['办理地点', c.transactAddr ?? ''],
        ['办理时间', c.transactTime ?? ''],
        ['到办事现场次数', c.sceneVisits === undefined ? '' : `${c.sceneVisits} 次`],
        ['必须现场办理的原因', c.sceneVisitReason ?? ''],
      ]),
    ],
    ['conditions', '受理条件', prose(c.acceptCondition)],
    [
      'scenarios',
      '办理情形',
      c.scenarios?.length
        ? html`<ul>${c.scenarios.map((s) => html`<li><strong>${s.name}</strong>${s.projectType ? html`（${label(PROJECT_TYPES, s.projectType)}）` : ''}${s.description ? html`：${s.description}` : ''}</li>`)}</ul>`
        : '',
    ],
    ['materials', '申请材料', materialsTable(c.materials ?? [])],
    ['special', '特别程序', prose(c.specialProcedure)],
    [
      'flow',
      '办理流程',
      c.flow?.length
        ? html`<ol class="flow">${c.flow.map((s) => html`<li><strong>${s.name}</strong>${s.timeLimit ? html`（${s.timeLimit}）` : ''}${s.description ? html`<br><span class="muted">${s.description}</span>` : ''}</li>`)}</ol>`
        : '',
    ],
    ['fees', '收费标准', feesSection(v)],
    ['basis', '设定依据和实施依据', basisSection(c.setBasis ?? [], c.implBasis, links)],
    [
      'result',
      '办理结果',
      facts([
        ['审批结果类型', label(RESULT_TYPES, c.ext?.resultType)],
        ['审批结果名称', c.ext?.resultName ?? ''],
        ['结果样本', c.ext?.resultSample ? extLink(c.ext.resultSample.url, c.ext.resultSample.name) : ''],
      ]),
    ],
    ['specific', '类型特有要素', typeSpecific(v)],
    ['other', '其他要素', facts(Object.entries(c.ext?.extra ?? {}))],
    [
      'faq',
      '常见问题',
      c.faqs?.length
        ? html`<dl class="faq">${c.faqs.map((f) => html`<dt>${f.question}</dt><dd>${f.answer}</dd>`)}</dl>`
        : html`<p class="muted">暂无。</p>`,
    ],
    ['contacts', '咨询和监督投诉', contactsSection(c.consult, c.supervise)],
  ];
  const shown = sections.filter(([, , body]) => body !== '' && body !== undefined);
  return html`${breadcrumbs([
    ['首页', links.home],
    [item.unit.name, links.unit(item.unit.id)],
    [item.name, null],
  ])}
  <article class="guide" aria-labelledby="guide-title">
    <header class="guide-head">
      <p class="kicker">${label(ITEM_TYPES, item.type)} · ${label(GRANULARITIES, item.granularity)}</p>
      <h1 id="guide-title">${item.name}</h1>
      ${suspended ? html`<p class="state state-suspended" role="note"><strong>本事项已暂停办理。</strong>${suspensionReason(item)}暂停期间不受理新的申请，恢复后将在“最近调整”中公告（暂停日期：${time(item.lastPublication.at)}）。</p>` : ''}
      ${facts([
        ['实施主体', html`<a href="${links.unit(item.unit.id)}">${item.unit.name}</a>`],
        ['实施编码', html`<code>${item.code}</code>`],
        ['基本编码', html`<code>${c.catalogCode}</code>`],
        ['版本', html`第 ${item.version} 版，${time(item.publishedAt)}发布`],
      ])}
      ${v.parent ? html`<p>所属事项：<a href="${links.item(v.parent.code)}">${v.parent.name}</a></p>` : ''}
    </header>
    <nav class="toc" aria-label="办事指南目录"><h2 class="visually-hidden">目录</h2><ul>${shown.map(([id, title]) => html`<li><a href="#${id}">${title}</a></li>`)}<li><a href="#ask">申请说明解释</a></li></ul></nav>
    ${shown.map(([id, title, body]) => html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>`)}
    ${v.children.length ? html`<section id="children" aria-labelledby="children-h"><h2 id="children-h">下设事项</h2><ul>${v.children.map((ch) => html`<li><a href="${links.item(ch.code)}">${ch.name}</a></li>`)}</ul></section>` : ''}
    <section id="ask" aria-labelledby="ask-h" class="no-print"><h2 id="ask-h">申请说明解释</h2>${v.ask}</section>
    ${v.feedback ? html`<section id="feedback" aria-labelledby="feedback-h" class="no-print"><h2 id="feedback-h">这个指南对您有帮助吗？</h2>${v.feedback}</section>` : ''}
    <p class="version-line">本页为第 ${item.version} 版办事指南，${time(item.publishedAt)}发布；内容摘要 <code class="hash">${item.contentHash.slice(0, 16)}</code>。打印本页即得纸质办事指南。</p>
  </article>`;
}

/** The reason given when the item was suspended (its latest publication while suspended), as a sentence. */
function suspensionReason(item: PublicItem): HtmlValue {
  const note = item.lastPublication.kind === 'suspend' ? item.lastPublication.note : null;
  return note ? html`<span id="suspension-reason">暂停原因：${sentence(note)}</span>` : '';
}

function onlineSection(v: GuideView, suspended: boolean): SafeHtml {
  const { online, unit } = v;
  if (online.channel === 'exempt') {
    return html`<p class="exempt"><strong>本事项不实行网上办理。</strong>依据《办法》第十一条，${sentence(online.reason ?? '法律、法规另有规定')}请按“办理地点和时间”到窗口办理。</p>`;
  }
  const where =
    online.channel === 'own' ? `${unit?.name ?? v.item.unit.name}网上办事系统` : '山西政务服务平台朔州平鲁频道';
  const depth = v.item.content.ext?.onlineDepths?.length
    ? html`<p class="muted">网上办理深度：${labels(ONLINE_DEPTHS, v.item.content.ext.onlineDepths)}${v.item.content.ext.onlineLevel ? html`（${label(ONLINE_LEVELS, v.item.content.ext.onlineLevel)}）` : ''}</p>`
    : '';
  if (suspended) return html`<p>本事项暂停办理期间不提供网上申请。网上办理渠道：${where}。</p>${depth}`;
  return html`<p><a class="button primary online" href="${safeUrl(online.url)}" rel="noopener noreferrer">在线办理（${where}）</a></p>
    ${v.item.content.online?.mobileUrl ? html`<p>移动端：${extLink(v.item.content.online.mobileUrl)}</p>` : ''}${depth}`;
}

const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : '#');

function basicFacts(v: GuideView): SafeHtml | '' {
  const c = v.item.content;
  return facts([
    ['事项类型', label(ITEM_TYPES, c.type)],
    ['服务对象', withNote(labels(SERVICE_OBJECTS, c.serviceObjects), c.serviceObjectsNote)],
    ['办件类型', label(PROJECT_TYPES, c.projectType)],
    ['法定办结时限', timeLimitText(c.legalLimit)],
    ['承诺办结时限', timeLimitText(c.promiseLimit)],
    ['办理形式', withNote(labels(HANDLE_FORMS, c.handleForms), c.handleFormsNote)],
    ['行使层级', labels(USE_LEVELS, c.useLevels)],
    ['权力来源', label(POWER_SOURCES, c.powerSource)],
    ['实施主体性质', label(DEPT_NATURES, c.deptNature)],
    ['委托部门', c.entrustName ?? ''],
    ['主管部门', c.competentDept ?? ''],
    ['联办机构', c.ext?.jointAgencies ?? ''],
    ['中介服务', c.ext?.intermediary ?? ''],
    ['通办范围', labels(UNIVERSAL_SCOPES, c.ext?.universalScope)],
    ['面向自然人主题分类', (c.ext?.personThemes ?? []).join('、')],
    ['面向法人主题分类', (c.ext?.corporateThemes ?? []).join('、')],
    ['地方特色主题分类', (c.ext?.localThemes ?? []).join('、')],
    ['数量限制', c.ext?.quantityLimit ?? ''],
    ['是否进驻政务大厅', yesNo(c.ext?.inHall)],
    ['是否支持预约办理', yesNo(c.ext?.appointment)],
    ['是否支持物流快递', yesNo(c.ext?.express)],
    ['是否支持网上支付', yesNo(c.ext?.onlinePayment)],
    ['是否支持自助终端办理', yesNo(c.ext?.selfServiceTerminal)],
    ['计划生效日期', c.planEffectiveDate ?? ''],
    ['计划取消日期', c.planCancelDate ?? ''],
  ]);
}

/** Coded values followed by the published description (服务对象、办理形式). */
const withNote = (codes: string, note: string | undefined): string => [codes, note ?? ''].filter(Boolean).join('：');

function materialsTable(materials: readonly Material[]): HtmlValue {
  if (!materials.length) return html`<p>无需提交申请材料。</p>`;
  return html`<div class="table-wrap"><table class="materials">
    <caption class="visually-hidden">申请材料清单</caption>
    <thead><tr><th scope="col">序号</th><th scope="col">材料名称</th><th scope="col">必要性</th><th scope="col">材料类型</th><th scope="col">材料形式</th><th scope="col">份数和规格</th><th scope="col">来源渠道</th><th scope="col">表格下载</th></tr></thead>
    <tbody>${materials.map(
      (m, i) => html`<tr>
      <td>${i + 1}</td>
      <th scope="row">${m.name}${m.kind ? html`<br><small>材料分类：${label(MATERIAL_KINDS, m.kind)}</small>` : ''}${m.basis ? html`<br><small>依据：${m.basis}</small>` : ''}${m.fillNotes ? html`<br><small>填报须知：${m.fillNotes}</small>` : ''}${m.acceptStandard ? html`<br><small>受理标准：${m.acceptStandard}</small>` : ''}${m.scenarios?.length ? html`<br><small>适用情形：${m.scenarios.join('、')}</small>` : ''}${m.remark ? html`<br><small>备注：${m.remark}</small>` : ''}</th>
      <td>${label(MATERIAL_NECESSITIES, m.necessity)}</td>
      <td>${label(PAPER_COPY_KINDS, m.paperCopyKind) || '—'}</td>
      <td>${label(MATERIAL_FORMS, m.form) || '—'}</td>
      <td>${[m.paperCopies !== undefined ? `${m.paperCopies} 份` : '', m.paperSpec ?? ''].filter(Boolean).join('，') || '—'}</td>
      <td>${label(MATERIAL_SOURCES, m.source)}${m.sourceNote ? html`${m.source ? html`<br>` : ''}<small>${m.sourceNote}</small>` : ''}</td>
      <td>${m.blankForm || m.sample ? html`${m.blankForm ? html`<span class="dl">空白表格：${extLink(m.blankForm.url, m.blankForm.name)}</span>` : ''}${m.sample ? html`<span class="dl">示例样表：${extLink(m.sample.url, m.sample.name)}</span>` : ''}` : '—'}</td>
    </tr>`,
    )}</tbody></table></div>`;
}

function feesSection(v: GuideView): HtmlValue {
  const c = v.item.content;
  // A guide that does not charge may still publish its wording (收费依据及标准：免费): show it as published.
  if (!c.isFee && !c.fees?.length)
    return c.isFee === false ? html`<p>不收费。</p>${c.feeBasis ? html`<p>收费依据：${c.feeBasis}</p>` : ''}` : '';
  return html`${c.feeBasis ? html`<p>收费依据：${c.feeBasis}</p>` : ''}
    ${
      c.fees?.length
        ? html`<div class="table-wrap"><table><caption class="visually-hidden">收费项目</caption><thead><tr><th scope="col">收费项目</th><th scope="col">收费标准</th><th scope="col">收费依据</th><th scope="col">是否允许减免</th></tr></thead>
    <tbody>${c.fees.map((f) => html`<tr><th scope="row">${f.name}</th><td>${f.standard}</td><td>${f.basis ?? ''}</td><td>${yesNo(f.reducible)}${f.reductionBasis ? html`（${f.reductionBasis}）` : ''}</td></tr>`)}</tbody></table></div>`
        : ''
    }`;
}

function contactsSection(consult: Contacts | undefined, supervise: Contacts | undefined): HtmlValue {
  const rows = (c: Contacts | undefined) =>
    [
      ['电话', c?.phone ?? ''],
      ['窗口', c?.window ?? ''],
      ['网络', c?.web ? extLink(c.web) : ''],
      ['信件', c?.letter ?? ''],
      ['电子邮件', c?.email ?? ''],
    ] as Array<[string, HtmlValue]>;
  const a = facts(rows(consult));
  const b = facts(rows(supervise));
  if (!a && !b) return '';
  return html`${a ? html`<h3>咨询方式</h3>${a}` : ''}${b ? html`<h3>监督投诉方式</h3>${b}` : ''}`;
}

function citation(c: Citation, links: PortalLinks): SafeHtml {
  const where = [c.article, c.paragraph, c.item].filter(Boolean).join('');
  return html`<li><cite>${c.docId ? html`<a href="${links.law(c.docId)}">${c.title}</a>` : c.title}</cite>${c.docNo ? html`（${c.docNo}）` : ''}${where ? html` ${where}` : ''}${c.text ? html`<blockquote>${c.text}</blockquote>` : ''}</li>`;
}

function basisSection(
  setBasis: readonly Citation[],
  implBasis: readonly Citation[] | undefined,
  links: PortalLinks,
): HtmlValue {
  if (!setBasis.length && !implBasis?.length) return '';
  return html`${setBasis.length ? html`<h3>设定依据</h3><ul class="basis">${setBasis.map((c) => citation(c, links))}</ul>` : ''}
    ${implBasis?.length ? html`<h3>实施依据</h3><ul class="basis">${implBasis.map((c) => citation(c, links))}</ul>` : ''}`;
}

function typeSpecific(v: GuideView): HtmlValue {
  const c = v.item.content;
  return facts([
    ['违法行为', c.penalty?.violation ?? ''],
    ['处罚种类', labels(PENALTY_KINDS, c.penalty?.kinds)],
    ['处罚幅度', c.penalty?.range ?? ''],
    ['裁量基准', c.penalty?.discretion ?? ''],
    ['强制措施/执行方式', labels(COERCION_KINDS, c.coercion?.kinds)],
    ['实施条件', c.coercion?.conditions ?? ''],
    ['征收种类', c.levy?.kinds ?? ''],
    ['给付标准', c.benefit?.standard ?? ''],
    ['给付对象', c.benefit?.recipients ?? ''],
    ['检查对象', c.inspection?.objects ?? ''],
    ['检查方式', labels(INSPECTION_METHODS, c.inspection?.methods)],
    ['检查频次', c.inspection?.frequency ?? ''],
    ['奖励标准', c.reward?.standard ?? ''],
    ['奖励形式', c.reward?.forms ?? ''],
    ['裁决的争议类型', c.adjudication?.disputes ?? ''],
  ]);
}
