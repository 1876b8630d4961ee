import type { ItemType, PowerSource, RESULT_TYPES } from '../../../domain/enums.js';
import type { Citation, ItemContent } from '../../../domain/item-content.js';
import { cite, citeText, type ArticleRef } from '../laws/index.js';
import type { ElementSpec, ItemSpec, Limit } from '../specs/spec.js';
import type { DemoCatalogueEntry, DemoUnit } from '../types.js';
import { buildFlow } from './flows.js';
import { asItemContent, type LooseContent, type LooseTimeLimit } from './loose.js';
import { buildMaterials, formUrlPrefix } from './materials.js';
import {
  applicationPlace,
  consultContacts,
  enforcementPlace,
  isInHall,
  MOBILE_HOST,
  PLATFORM_HOST,
  superviseContacts,
  transactTime,
} from './places.js';
import { themesFor } from './themes.js';

/**
 * Assembles the full ItemContent of one item from its spec: the written facts plus everything derived from
 * them, kept mutually consistent (domain.md §3.5): 即办件 ⇔ 即时, fee ⇒ basis + rows + online payment,
 * 到现场次数 > 0 ⇒ reason and Ⅲ级, 0 ⇒ Ⅳ级 with mail delivery, themes follow the service objects.
 */

export interface ContentInput {
  key: string;
  /** Key of the top of the item's chain (addresses and notes are per chain). */
  rootKey: string;
  spec: ItemSpec;
  elements: ElementSpec;
  name: string;
  entry: DemoCatalogueEntry;
  unit: DemoUnit;
  units: ReadonlyMap<string, DemoUnit>;
  /** 实施编码, or 业务办理项编码 for a 业务办理项: what the online links point at. */
  linkCode: string;
}

/** Units that act for another unit as 受委托组织 (实施主体性质 3). */
const ENTRUSTING_UNIT: Readonly<Record<string, string>> = {
  'agri-enforcement': 'agriculture',
  'real-estate': 'natural-resources',
};

const SELF_SERVICE_UNITS = new Set(['public-security', 'social-insurance', 'medical-security', 'tax', 'real-estate']);
const CORPORATE_OBJECTS = new Set(['2', '3', '4', '5', '6', '9']);
const EX_OFFICIO: ReadonlySet<ItemType> = new Set<ItemType>(['02', '03', '06']);
const MEASURE_KINDS = new Set(['1', '2', '3', '4', '5']);

export const isApplicationBased = (type: ItemType) => !EX_OFFICIO.has(type);

function limit([value, unit = '1']: Limit, note?: string): LooseTimeLimit {
  return note ? { value, unit, note } : { value, unit };
}

const isImmediate = (l: LooseTimeLimit | undefined) => !!l && (l.unit === '4' || l.value === 0);

function unitName(units: ReadonlyMap<string, DemoUnit>, key: string): string {
  const unit = units.get(key);
  if (!unit) throw new Error(`demo data: unknown unit ${key}`);
  return unit.name;
}

function discretion(unit: DemoUnit): string {
  return (
    '违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚；初次违法且危害后果轻微并及时改正的，可以不予行政处罚（《中华人民共和国行政处罚法》第三十三条）。' +
    '一般违法行为在法定幅度的中间值以下裁量；主动消除或者减轻违法行为危害后果、受他人胁迫或者诱骗实施违法行为、配合查处违法行为有立功表现的，依法从轻或者减轻处罚；' +
    `违法情节恶劣、造成严重后果或者一年内再次实施同一违法行为的，在法定幅度的中间值以上从重处罚。具体按照${unit.shortName}公布的行政处罚裁量权基准执行。`
  );
}

/** Procedural articles every item of a family implements on top of its own legal basis. */
function proceduralBasis(spec: ItemSpec): ArticleRef[] {
  switch (spec.type) {
    case '01':
      return [['law-xzxkf', '第四十二条']];
    case '02':
      return [
        ['law-xzcff', '第三十三条'],
        ['law-xzcff', '第六十条'],
        ['law-xzcff', '第六十三条'],
      ];
    case '03': {
      const kinds = spec.coercion?.kinds ?? [];
      if (kinds.some((k) => MEASURE_KINDS.has(k))) return [['law-xzqzf', '第二十五条']];
      if (kinds.includes('11')) return [['law-xzqzf', '第四十五条']];
      return [['law-xzqzf', '第五十条']];
    }
    default:
      return [];
  }
}

type ResultType = Extract<keyof typeof RESULT_TYPES, string>;

function result(input: ContentInput): readonly [ResultType, string] {
  if (input.elements.result) return input.elements.result;
  switch (input.spec.type) {
    case '02':
      return ['2', '行政处罚决定书'];
    case '03':
      return (input.spec.coercion?.kinds ?? []).some((k) => MEASURE_KINDS.has(k))
        ? ['2', '查封（扣押）决定书']
        : ['2', '行政强制执行决定书'];
    case '06':
      return ['3', '监督检查记录'];
    default:
      return ['0', '无'];
  }
}

export function buildContent(input: ContentInput): ItemContent {
  const { spec, elements, unit, units, entry } = input;
  const applicationBased = isApplicationBased(spec.type);
  const entrusting = ENTRUSTING_UNIT[unit.key];
  const setBasis: Citation[] = structuredClone(entry.setBasis);
  const implBasis: Citation[] = [
    ...structuredClone(setBasis),
    ...(elements.impl ?? []).map(cite),
    ...proceduralBasis(spec).map(cite),
  ];
  const [resultType, resultName] = result(input);
  const exempt = spec.exempt;
  const visits = elements.visits?.[0] ?? 0;

  const content: LooseContent = {
    name: input.name,
    catalogCode: entry.catalogCode,
    type: spec.type,
    setBasis,
    useLevels: ['4'],
    implBasis,
    competentDept: spec.competent ? unitName(units, spec.competent) : unitName(units, entrusting ?? unit.key),
  };
  if (spec.type !== '20') {
    const powerSource: PowerSource = spec.powerSource ?? (entrusting ? '6' : '1');
    content.powerSource = powerSource;
    if (powerSource === '5' || powerSource === '6') content.entrustName = unitName(units, entrusting ?? unit.key);
  }
  content.deptNature = unit.nature;

  if (applicationBased) {
    if (elements.condition) content.acceptCondition = elements.condition;
    if (elements.legal) content.legalLimit = limit(elements.legal);
    if (elements.promise) content.promiseLimit = limit(elements.promise, elements.limitNote);
    content.projectType = isImmediate(content.promiseLimit) ? '1' : '2';
  } else if (spec.type === '02') {
    const note = '自立案之日起九十日内作出行政处罚决定；法律、法规、规章另有规定的，从其规定';
    content.legalLimit = limit([90, '2'], note);
    content.promiseLimit = limit([90, '2'], note);
    content.projectType = '2';
  } else if (spec.type === '03' && (spec.coercion?.kinds ?? []).some((k) => MEASURE_KINDS.has(k))) {
    const note = '查封、扣押期限不超过三十日；情况复杂的，经行政机关负责人批准可以延长，延长期限不超过三十日';
    content.legalLimit = limit([30, '2'], note);
    content.promiseLimit = limit([30, '2'], note);
    content.projectType = '2';
  }
  content.serviceObjects = [...spec.objects];

  if (applicationBased) {
    content.handleForms = exempt ? ['1'] : visits > 0 ? ['1', '2'] : ['1', '2', '3'];
    content.sceneVisits = visits;
    if (visits > 0 && elements.visits) content.sceneVisitReason = elements.visits[1];
    content.isFee = !!elements.fee;
    if (elements.fee) content.feeBasis = elements.fee.basis;
  }

  content.flow = buildFlow(spec.type, content.promiseLimit, resultName);
  const place = applicationBased ? applicationPlace(unit, input.rootKey) : enforcementPlace(unit);
  content.transactAddr = place;
  content.transactTime = transactTime(unit, input.rootKey, applicationBased);
  content.consult = consultContacts(unit, place);
  content.supervise = superviseContacts(unit);
  content.specialProcedure = elements.special ?? specialProcedure(spec.type);
  content.online = exempt
    ? { channel: 'exempt', exemption: exempt.kind, exemptionReason: exempt.reason }
    : unit.onlineSystemUrl
      ? { channel: 'own', url: `${unit.onlineSystemUrl}/items/${input.linkCode}`, pcSso: true, mobileSso: false }
      : {
          channel: 'platform',
          url: `${PLATFORM_HOST}/item/${input.linkCode}`,
          mobileUrl: `${MOBILE_HOST}/item/${input.linkCode}`,
          pcSso: true,
          mobileSso: true,
        };
  content.ext = extension(input, { applicationBased, visits, resultType, resultName, isFee: !!elements.fee });

  if (applicationBased) {
    const primary = [...(elements.impl ?? []), ...spec.basis][0];
    const basisText = primary ? citeText(primary) : '';
    content.materials = buildMaterials(
      elements.materials ?? [],
      basisText,
      formUrlPrefix(entry.catalogCode, input.key),
    );
    if (elements.fee) {
      const fee = elements.fee;
      content.fees = [
        {
          name: fee.name,
          standard: fee.standard,
          basis: fee.basis,
          reducible: !!fee.reducible,
          ...(fee.reducible ? { reductionBasis: fee.reducible.basis } : {}),
        },
      ];
    }
  }
  if (elements.faqs) content.faqs = elements.faqs.map(([question, answer]) => ({ question, answer }));

  if (spec.penalty)
    content.penalty = {
      violation: spec.penalty.violation,
      kinds: [...spec.penalty.kinds],
      range: spec.penalty.range,
      discretion: discretion(unit),
    };
  if (spec.coercion) content.coercion = { kinds: [...spec.coercion.kinds], conditions: spec.coercion.conditions };
  if (spec.levy) content.levy = { kinds: spec.levy.kinds, reliefApproval: spec.levy.relief };
  if (spec.benefit) content.benefit = { ...spec.benefit };
  if (spec.inspection)
    content.inspection = {
      objects: spec.inspection.objects,
      methods: [...spec.inspection.methods],
      frequency: spec.inspection.frequency,
    };
  if (spec.reward) content.reward = { ...spec.reward };
  if (spec.adjudication) content.adjudication = { ...spec.adjudication };
  return asItemContent(content);
}

function specialProcedure(type: ItemType): string {
  switch (type) {
    case '02':
      return '拟作出较大数额罚款、没收较大数额违法所得、降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业的，告知当事人有要求听证的权利；听证时间不计入办案期限。';
    case '03':
      return '情况紧急需要当场实施行政强制措施的，执法人员在二十四小时内向行政机关负责人报告并补办批准手续。';
    default:
      return '不涉及特别程序';
  }
}

interface ExtensionFacts {
  applicationBased: boolean;
  visits: number;
  resultType: ResultType;
  resultName: string;
  isFee: boolean;
}

function extension(input: ContentInput, facts: ExtensionFacts): NonNullable<LooseContent['ext']> {
  const { spec, unit, units, entry } = input;
  const inHall = facts.applicationBased && isInHall(unit, input.rootKey);
  const ext: NonNullable<LooseContent['ext']> = {
    inHall,
    express: facts.applicationBased && !spec.exempt && facts.visits === 0 && facts.resultType !== '0',
    onlinePayment: facts.isFee,
    appointment: inHall || !!spec.exempt,
    selfServiceTerminal: facts.applicationBased && SELF_SERVICE_UNITS.has(unit.key),
    universalScope: [spec.scope ?? '4'],
  };
  if (spec.exempt) {
    ext.onlineDepths = ['1'];
    ext.onlineLevel = '1';
  } else if (!facts.applicationBased) {
    ext.onlineDepths = ['1', '6'];
    ext.onlineLevel = '1';
  } else if (facts.visits > 0) {
    ext.onlineDepths = ['1', '2', '3', '4', '6'];
    ext.onlineLevel = '3';
  } else {
    ext.onlineDepths = facts.resultType === '1' ? ['1', '2', '3', '4', '5', '6', '7'] : ['1', '2', '3', '4', '5', '6'];
    ext.onlineLevel = '4';
  }
  if (spec.joint) ext.jointAgencies = spec.joint.map((key) => unitName(units, key)).join('、');
  ext.resultType = facts.resultType;
  ext.resultName = facts.resultName;
  if (facts.resultType !== '0') {
    ext.resultSample = {
      name: `${facts.resultName}（样本）.pdf`,
      url: `${PLATFORM_HOST}/samples/${entry.catalogCode}.pdf`,
    };
  }
  // Themes follow the service objects (domain.md §3.5 rule 8): person themes iff 自然人 is served.
  const themes = themesFor(unit.key, spec.themes);
  if (spec.objects.includes('1')) ext.personThemes = [...themes.person];
  if (spec.objects.some((o) => CORPORATE_OBJECTS.has(o))) ext.corporateThemes = [...themes.corp];
  return ext;
}
