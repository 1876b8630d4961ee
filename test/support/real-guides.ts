import type { ItemContent } from '../../src/domain/item-content.js';

/**
 * Real 办事指南 (or the part of one a stored public page shows), transcribed element by element as published:
 * nothing added, nothing tidied. Where a page shows an element the model has no field for, it is kept under
 * `ext.extra` with the page's own label. Codes are given only where the page gives them.
 *
 * Collected from stored copies of public pages (the project has no live internet): 22 guides from 14 provinces,
 * 重庆市 and one page that does not say its province. A page cut short is transcribed as far as it goes. Several pages are mirrors or re-posts of a government page;
 * `source` is the address the text was read from, `publisher` who the page says published it.
 *
 * `guideFindings`: the 办事指南精准化 findings `shixiang check` raises on the guide, each reviewed as true
 * (the published wording really is vague). Completeness findings are not listed: a draft may be incomplete.
 */
export interface RealGuide {
  source: string;
  province: string;
  publisher: string;
  content: ItemContent;
  guideFindings: string[];
}

export const REAL_GUIDES: RealGuide[] = [
  {
    source: 'http://mzj.shangluo.gov.cn/index.php?ie=2-516-65506-1',
    province: '陕西省',
    publisher: '商洛市民政局',
    content: {
      name: '临时救助',
      transactAddr: '各县区乡镇人民政府民政办或街道办事处民政办。',
      transactTime: '工作日:8:00-12:00 14:00-18:00(7-8月 15:00-18:00)',
      consult: { phone: '0914-2953773' },
      promiseLimit: { text: '60个工作日内' },
      setBasis: [{ title: '国务院关于全面建立临时救助制度的通知', docNo: '国发〔2014〕47号' }],
      acceptCondition:
        '因火灾、交通事故等意外事故,家庭成员突发重大疾病导致家庭基本生活出现暂时困难的家庭;因基本必须生活品价格上涨、家庭成员身患疾病维持基本医疗、接受非义务阶段教育等原因,导致家庭生活必需支出费用超出家庭承受能力,基本生活暂时出现困难的家庭;县(区)级以上人民政府规定的因其他困难,导致基本生活陷入困境的家庭。因遭遇火灾、交通事故、突发重大疾病或者其他特殊困难,暂时无法得到家庭支持,导致基本生活陷入困境的个人。',
      materials: [
        { name: '临时救助申请书' },
        { name: '户口薄复印件' },
        { name: '身份证复印件' },
        { name: '临时救助申请审批表' },
        { name: '县区规定需要提供的其他资料' },
      ],
      flow: [
        {
          name: '申请',
          description:
            '申请对象需提交书面申请,本地户籍人口在户籍所在地镇(办)政府申请;持有居住证非本地户籍人口在户籍所在地镇(办)政府申请。镇(办)政府工作人员为申请对象提供《申请临时救助所需材料》(一次性告知清单),让其依此提供所需材料。',
        },
      ],
      ext: { extra: { 办理机构: '各县区乡镇人民政府民政办或街道办事处民政办' } },
    },
    guideFindings: [
      'guide.catch-all-material content.materials.4.name',
      'guide.citation-article content.setBasis.0.article',
    ],
  },
  {
    source: 'https://7613335.com/html/ggfwzdbsfw1....info13059460.html',
    province: '陕西省',
    publisher: '洛川县人民政府（网站页脚：洛川县人民政府主办）',
    content: {
      name: '高龄老人津贴申请',
      setBasis: [{ title: '陕民发(2012)11号及延市民发(2012)63号文件' }],
      acceptCondition: '洛川户籍年满69周岁',
      materials: [
        { name: '身份证原件' },
        { name: '农行卡' },
        { name: '户口本原件及复印件2张' },
        { name: '二寸照片2张' },
      ],
      flow: [
        { name: '个人申请', description: '本县户籍年满69周岁' },
        {
          name: '领取并填写申请登记表',
          description:
            '持本人身份证、农行卡、户口本原件及复印件2张、二寸照片2张,到乡镇(街道办、社区)领取并填写《陕西省高龄老人补贴申请登记表》',
        },
        {
          name: '公示、初审',
          description: '村委会公示、盖章,乡镇(街道办、社区)初审录入《 陕西省高龄补贴动态管理系统》',
        },
        {
          name: '复审、发放',
          description:
            '县老龄办网上复审,年满70周岁按月,社会化发放高龄补贴。(标准:70-79周岁50元/月;80-89周岁100元/月;90-99周岁400元/月;100周岁以上600元/月)',
        },
      ],
      transactAddr: '各乡镇(街道社区)民政站',
      transactTime: '早上8:00-12:00,下午14:00-18:00(周一至周五)',
      consult: { phone: '0911-3631903' },
      legalLimit: { text: '一个月' },
      isFee: false,
      feeBasis: '免费',
      ext: { extra: { 办理部门: '各乡镇(街道办、社区)民政站' } },
    },
    guideFindings: ['guide.citation-article content.setBasis.0.article'],
  },
  {
    source: 'https://yaoan.gov.cn/Pages_387_96018.aspx',
    province: '云南省',
    publisher: '姚安县人民政府',
    content: {
      name: '临时救助',
      setBasis: [
        { title: '云南省社会救助实施办法' },
        { title: '楚雄州社会救助实施细则' },
        { title: '楚雄州临时救助工作实施办法(试行)' },
      ],
      transactAddr: '申请人户籍所在地或居住地乡镇人民政府。',
      acceptCondition:
        '对遭遇突发事件、意外伤害、重大疾病或其他特殊原因导致基本生活陷入困境,其他社会救助制度暂时无法覆盖或救助之后基本生活暂时仍有严重困难的家庭或个人。',
      materials: [
        { name: '临时救助申请书' },
        { name: '有效身份证明(户口簿、身份证、户籍证明或居住证等)及银行卡账号' },
        { name: '居民家庭经济状况核对授权承诺书' },
        { name: '家庭或个人遭遇困难的证明材料' },
        { name: '能证明自负费用支出的正规有效发票、票据或收款凭证' },
        {
          name: '相应的残疾人证、诊断证明、学生证等证明材料',
          scenarios: ['家庭成员中有残疾人、重病患者、在校学生等的申请人'],
        },
        { name: '委托书', scenarios: ['委托村(社区)、单位或个人代理提交申请的'] },
      ],
      flow: [
        {
          name: '申请',
          description:
            '临时救助以家庭或个人为单位,向户籍所在地或居住地乡镇人民政府提出申请。申请有困难的,可以委托村(居)民委员会或其他单位、个人代为提出申请。',
        },
        {
          name: '受理',
          description:
            '乡镇人民政府自收到申请材料之日起2个工作日内,对提交的材料进行审查,材料齐备的,予以受理;材料不齐备或不符合要求的,应一次性告知补齐所需材料。',
          timeLimit: '2个工作日',
        },
        {
          name: '审核',
          description:
            '乡镇人民政府在受理申请之日起10个工作日内,完成入户调查、邻里访问、信函索证、信息核对等家庭经济状况调查程序',
          timeLimit: '10个工作日',
        },
      ],
      ext: { extra: { 受理单位: '申请人户籍所在地或居住地乡镇人民政府' } },
    },
    guideFindings: [
      'guide.list-etc content.materials.1.name',
      'guide.list-etc content.materials.5.name',
      'guide.citation-article content.setBasis.0.article',
      'guide.citation-article content.setBasis.1.article',
      'guide.citation-article content.setBasis.2.article',
    ],
  },
  {
    source: 'https://yncn.gov.cn/info/28414/9140190.htm',
    province: '云南省',
    publisher: '昌宁县耈街乡',
    content: {
      name: '城乡居民基本养老保险参保登记和参保信息维护',
      handleForms: ['1', '2', '4', '5'],
      handleFormsNote:
        '通过登录网站、自助终端、移动应用等互联网服务渠道,上传有效身份证件、户口簿首页和本人页,填写《城乡居民基本养老保险参保登记表》;或携带有效身份证件和户口簿,通过户籍所在地的村(居)协办员或乡镇(街道)事务所或县社保机构等线下服务渠道现场办理',
      materials: [
        { name: '有效身份证件' },
        { name: '户口簿首页和本人页' },
        { name: '《城乡居民基本养老保险参保登记表》' },
      ],
      promiseLimit: {
        text: '3个工作日',
        note: '县社保机构通过数据比对等方式,对参保申请进行审核,并自收到参保申请之日起3个工作日内告知申请人审核结果。',
      },
      scenarios: [
        { name: '参保登记' },
        {
          name: '参保信息维护',
          description:
            '参保人员的性别、民族、居住地址、联系电话等参保登记信息发生变更时,参保人员本人通过互联网服务渠道或线下服务渠道直接填报最新信息进行变更。',
        },
      ],
    },
    guideFindings: [],
  },
  {
    source: 'http://www.kmcg.gov.cn/c/2018-09-26/3040316.shtml',
    province: '云南省',
    publisher: '昆明市呈贡区',
    content: {
      name: '个体工商户注册登记',
      ext: {
        extra: {
          受理范围:
            '本行政许可适用于呈贡区区行政区域内依照《个体工商户条例》、《个体工商户登记管理办法》规定的个体工商户注册登记申请',
          办件类型: '即办件、承诺件',
          办理方式: '马上办、一次办',
          不予许可的情形:
            '对不在受理范围或申请材料不齐全、不符合法定形式、与实质性内容不符的,当场作出不予受理或者作出不予登记的决定。',
        },
      },
      setBasis: [
        {
          title: '个体工商户条例',
          article: '第二条',
          paragraph: '第一款',
          text: '有经营能力的公民,依照本条例规定经工商行政管理部门登记,从事工商业经营的,为个体工商户。',
        },
        {
          title: '个体工商户条例',
          article: '第八条',
          paragraph: '第一款',
          text: '申请登记为个体工商户,应当向经营场所所在地登记机关申请注册登记。',
        },
        {
          title: '个体工商户登记管理办法',
          article: '第二条',
          text: '有经营能力的公民经工商行政管理部门登记,领取个体工商户营业执照,依法开展经营活动。',
        },
      ],
      competentDept: '昆明市呈贡区市场监督管理局',
      transactAddr: '辖区内政务服务大厅A区企业注册区窗口',
      acceptCondition:
        '有经营能力的公民,申请登记的经营范围不属于法律、行政法规禁止进入的行业的,申请材料齐全、符合法定形式,登记机关依法予以登记。',
      materials: [
        { name: '个体工商户开业登记申请书', paperCopyKind: '1', paperCopies: 1, sourceNote: '网上下载或窗口索取' },
        { name: '经营者身份证明', paperCopyKind: '3', paperCopies: 1, source: '1' },
        {
          name: '经营场所使用证明',
          paperCopyKind: '3',
          paperCopies: 1,
          source: '1',
          remark: '申报制地区按当地办法办理',
        },
      ],
    },
    guideFindings: [],
  },
  {
    source: 'http://m.boteman.cn/paper/307223723.html',
    province: '云南省',
    publisher: '行政许可事项实施规范（页面：实施机关市林草局，引《云南省森林条例》）',
    content: {
      name: '林木采伐许可证核发(设区的市级权限)',
      catalogCode: '000164213003',
      setBasis: [
        { title: '中华人民共和国森林法', article: '第五十六条、第五十七条、第五十九条' },
        { title: '中华人民共和国森林法实施条例', article: '第三十二条' },
      ],
      implBasis: [
        { title: '中华人民共和国森林法', article: '第五十五条、第五十六条、第五十八条、第五十九条、第六十条' },
      ],
      competentDept: '市林草局',
      useLevels: ['3'],
      ext: {
        extra: {
          行政许可事项名称及编码: '林木采伐许可证核发【00016421300Y】',
          业务办理项:
            '林木采伐许可证延续(设区的市级权限)【00016421300301】；林木采伐许可证核发(设区的市级权限)【00016421300302】',
          监管依据: '《中华人民共和国行政许可法》第六十一条；《中华人民共和国森林法》第七十六条',
          审批层级: '市级',
          是否由审批机关受理: '是',
          受理层级: '市级',
          是否存在初审环节: '否',
          初审层级: '无',
          对应政务服务事项国家级基本目录名称: '林木采伐许可证',
        },
      },
    },
    guideFindings: [],
  },
  {
    source: 'https://qrrfcrh.cn/zfxxgk_zkx/artview/255/193705.html',
    province: '（页面未写明省份）',
    publisher: '县市场监管局（行政许可事项实施规范）',
    content: {
      name: '个体工商户登记注册',
      catalogCode: '000131128000',
      competentDept: '县市场监管局',
      setBasis: [{ title: '市场主体登记管理条例' }, { title: '促进个体工商户发展条例' }],
      implBasis: [{ title: '市场主体登记管理条例' }, { title: '市场主体登记管理条例实施细则' }],
      useLevels: ['4'],
      acceptCondition:
        '有经营能力的公民在中华人民共和国境内从事工商业经营,依法登记为个体工商户。申请材料齐全、符合法定形式的,登记机关予以确认,并当场登记,出具登记通知书,及时制发营业执照。',
      ext: {
        extra: {
          子项: '无',
          业务办理项:
            '1.个体工商户设立登记注册(00013112800001) 2.个体工商户变更登记注册(00013112800002) 3.个体工商户注销登记注册(00013112800003)',
          监管依据: '《市场主体登记管理条例》《市场主体登记管理条例实施细则》',
          审批层级: '县级',
          是否由审批机关受理: '是',
          受理层级: '县级',
          是否存在初审环节: '否',
          初审层级: '无',
          对应政务服务事项国家级基本目录名称: '个体工商户设立、变更、注销登记',
          要素统一情况: '全部要素全国统一',
          行政许可事项类型: '登记型',
        },
      },
    },
    guideFindings: [
      'guide.citation-article content.setBasis.0.article',
      'guide.citation-article content.setBasis.1.article',
      'guide.citation-article content.implBasis.0.article',
      'guide.citation-article content.implBasis.1.article',
    ],
  },
  {
    source:
      'http://www.zhangdian.gov.cn/gongkai/site_zdqcjrlhh/channel_5fe0489e98d35026e4a5dc26/doc_5fed4f04317513235e5a1024.html',
    province: '山东省',
    publisher: '张店区残疾人联合会机关',
    content: {
      name: '残疾人证办理',
      setBasis: [{ title: '关于印发<山东省残疾人证管理办法(试行)>的通知', docNo: '鲁残联发〔2018〕21 号' }],
      materials: [
        { name: '身份证' },
        { name: '户口本' },
        { name: '3张2寸白底照片' },
        { name: '申请表' },
        { name: '评定表' },
      ],
      flow: [
        {
          name: '申办',
          description:
            '申请人携带相关材料,到户口所在地镇(办)残联领取申请表、评定表,到指定的医院进行残疾评定。评定后将材料交回镇(办)残联,区残联收到材料后负责审核发放。',
        },
      ],
      specialProcedure:
        '因重症等身体原因不能出门办理的,可向镇(办)残联提出申请,区残联适时组织上门办证服务。另外,涉及残疾人证级别更改、关系转移、异地委托等事项,可由申请人向镇(办)残联申请办理。',
      promiseLimit: { text: '区残联收到材料7个工作日内审核完成' },
      consult: { phone: '15725750400' },
      ext: { extra: { 承办部门: '区残联' } },
    },
    guideFindings: ['guide.citation-article content.setBasis.0.article'],
  },
  {
    source:
      'http://www.yanling.gov.cn/jczwgkbzhgfhml/016002/016002023/016002023001/016002023001005/20221125/3d1659c6-7370-4ad6-b687-2b29b1b8f5d0.html',
    province: '河南省',
    publisher: '许昌市鄢陵县安陵镇人民政府',
    content: {
      name: '城乡居民养老保险参保登记',
      serviceObjectsNote:
        '具有本市户籍且年满16周岁及以上,60周岁以下的人员(全日制在校学生、参加其他养老保险、享受其他养老保险待遇的人员除外)',
      materials: [
        { name: '户口簿原件及复印件(主页、本人页)', paperCopyKind: '3' },
        { name: '本人居民身份证原件及复印件', paperCopyKind: '3' },
      ],
      flow: [
        { name: '申请', description: '每月1-20日申请人向户籍所在地的乡镇社保所提出申请' },
        {
          name: '审核登记',
          description:
            '社保所在收到申请材料后,当场予以审核。对符合条件的进行参保登记。不符合条件的,退还资料给申请人并说明原因',
        },
        {
          name: '待遇资格初审',
          description:
            '参保人员达到退休年龄的当月,并足额缴纳养老保险费后,1-20日到申报地社  保所进行养老保险待遇资格初审',
        },
      ],
      ext: {
        extra: {
          办理时限: '乡镇社保所对养老待遇资格初审合格人员的相关材料报县社保局居民养老科,居民养老科1-24日进行资格复审;',
        },
      },
    },
    guideFindings: [],
  },
  {
    source: 'http://m.ccschy.com/techan/182731.html',
    province: '广东省',
    publisher: '肇庆再生育审批线下办理指南（转载）',
    content: {
      name: '再生育审批',
      acceptCondition:
        '1、符合政策可再生育子女的已婚(不含离婚、丧偶)育龄夫妻\n2、夫妻任意一方为广东省户籍地,且都不在涉密单位工作的人员可以在网上申办。',
      serviceObjectsNote: '已婚育龄夫妇(不含离婚丧偶)',
      scenarios: [
        { name: '以子女为残疾儿为由申请再生育的' },
        { name: '再婚夫妻申请再生育的' },
        { name: '以子女死亡现家庭无子女或只有一个子女为由申请再生育的' },
      ],
      materials: [
        { name: '双方身份证' },
        { name: '双方户口簿' },
        { name: '结婚证' },
        { name: '地级以上市病残儿医学鉴定组织的鉴定结论', scenarios: ['以子女为残疾儿为由申请再生育的'] },
        { name: '离婚协议(或离婚判决、离婚调解书)', scenarios: ['再婚夫妻申请再生育的'] },
        {
          name: '死亡医学证明(能证实该子女死亡的火化证、户口簿死亡销户记录或法院判决书)',
          scenarios: ['以子女死亡现家庭无子女或只有一个子女为由申请再生育的'],
          remark: '相关证明可通过内部信息或与其他部门信息共享获得的,免予提交书面材料。',
        },
      ],
      flow: [
        {
          name: '申办',
          description:
            '办事人携带办事材料原件,前往女方户籍地、男方户籍地乡镇、街道卫生健康工作机构的任意一个办事窗口进行申办材料递交。',
        },
        {
          name: '受理',
          description:
            '街道街镇卫健工作人员对办事人填写的信息和提交的材料进行初审。若初审通过,将办事材料形成电子化材料上传至系统,提交给男女双方户籍地核实。',
        },
        { name: '审批', description: '户籍地所在街镇卫健工作人员在8个工作日内完成审批。', timeLimit: '8个工作日' },
        {
          name: '领证',
          description:
            '审批结果为通过,则办事人可前往女方户籍地、男方户籍地乡镇、街道卫生健康工作机构的任意个办事窗口自取。',
        },
      ],
    },
    guideFindings: [],
  },
  {
    source: 'http://m.gz.bendibao.com/life/292255.html',
    province: '广东省',
    publisher: '2023广州老年人优待卡办理材料一览（转载）',
    content: {
      name: '广州市老年人优待卡办理',
      scenarios: [{ name: '首次申领' }, { name: '升级、续期' }, { name: '补卡、换卡' }],
      materials: [
        { name: '居民身份证原件', scenarios: ['首次申领', '升级、续期', '补卡、换卡'], remark: '户籍老年人' },
        { name: '户口簿原件', scenarios: ['首次申领'], remark: '户籍老年人' },
        { name: '白底小一寸证件照(近三个月拍的照片)', scenarios: ['首次申领'] },
        {
          name: '军官证(含文职干部证)或退休证原件',
          scenarios: ['首次申领'],
          remark: '驻穗部队离退休军人(此业务需在市老龄办办卡窗口办理)',
        },
        { name: '驻穗部队单位证明', scenarios: ['首次申领'], remark: '驻穗部队离退休军人' },
        {
          name: '广州市办理的有效《广东省居住证》原件',
          scenarios: ['首次申领', '升级、续期', '补卡、换卡'],
          remark: '外省市(含归国华侨)老年人',
        },
        {
          name: '广州市办理的有效港澳台居民居住证原件',
          scenarios: ['首次申领', '升级、续期', '补卡、换卡'],
          remark: '港澳台地区老年人',
        },
        { name: '广州市老年人优待卡', scenarios: ['升级、续期'] },
        { name: '代办人本人居民身份证或有效港澳台居民居住证原件', remark: '委托他人办理的' },
      ],
      faqs: [
        {
          question: '能否用电子居住证办理?',
          answer:
            '可使用广东省电子居住证代替纸质版居住证办理广州市老年人优待卡(新申领、补换卡,升级续期)业务,广东省电子居住证具有同样效用。',
        },
      ],
    },
    guideFindings: [],
  },
  {
    source: 'https://kashi.gov.cn/ksdqxzgs/c112192/202307/2c84c99aebfe4a1fb7d000d586fb3fbe.shtml',
    province: '新疆维吾尔自治区',
    publisher: '喀什地区行政公署',
    content: {
      name: '临时救助',
      flow: [
        {
          name: '申请受理',
          description:
            '凡认为符合临时救助条件的家庭或个人均可以向所在地乡镇人民政府、街道办事处提出临时救助申请。乡镇人民政府、街道办事处按照“一门受理、协同办理”的工作要求进行受理,明确各业务环节的经办主体责任,无正当理由不得拒绝受理。',
        },
        {
          name: '审核确认',
          description:
            '乡镇人民政府、街道办事处受理申请后,要对临时救助申请人的家庭经济状况、人口状况、遭遇困难类型等逐一调查,经公示无异议后,及时提出审核意见,报县(市)人民政府民政部门审批。',
        },
      ],
      promiseLimit: { text: '调查、审核、审批原则上不超过15个工作日' },
      ext: { extra: { 救助次数: '临时救助原则上对同一申请对象因同一事由提出的申请,一个自然年度内只救助一次。' } },
    },
    guideFindings: [],
  },
  {
    source: 'http://jinjiang.gov.cn/gzcy/hdzsk/mzj/202211/t20221130_2813494.htm',
    province: '福建省',
    publisher: '晋江市人民政府（互动知识库·民政局）',
    content: {
      name: '临时救助',
      faqs: [
        {
          question: '临时救助怎么申请?',
          answer:
            '凡认为符合条件的家庭或个人可到户籍所在地或常住地镇(街道)社会救助窗口反映困难情况提出救助申请,镇(街道)工作人员应依据其申请对象实际困难情况一次性告知申请对象需提供的救助申请材料。',
        },
      ],
      ext: {
        extra: {
          审批权限:
            '对于救助金额在5000元及以下的,镇(街道)予以先行救助;救助金额在5000元以上的,上报市民政局,市民政局收到镇(街道)上报材料后,在5个工作日内依据镇(街道)提出的审核意见,核定救助金额并予以救助。',
        },
      },
    },
    guideFindings: [],
  },
  {
    source: 'http://ncnbxbjjdrnsq.izhulao.com/bmsc/490.html',
    province: '四川省',
    publisher: '南部县民政局婚姻登记中心（咨询电话区号0817）',
    content: {
      name: '结婚登记',
      setBasis: [
        { title: '婚姻登记条例', article: '第四条、第五条、第八条' },
        { title: '中华人民共和国民法典', article: '第一、二章' },
        { title: '婚姻登记工作规范', article: '第二十九条、第三十条' },
      ],
      serviceObjectsNote: '内地居民结婚,男女双方其中一方当事人常住户口所在地为南部。',
      acceptCondition:
        '(一)婚姻登记处具有管辖权;\n(二)要求结婚的男女双方共同到婚姻登记处提出申请;\n(三)当事人男年满22周岁,女年满20周岁;\n(四)当事人双方均无配偶(未婚、离婚、丧偶);\n(五)当事人双方没有直系血亲和三代以内旁系血亲关系;\n(六)当事人双方均不患有医学上认为不应当结婚的疾病;\n(七)双方自愿结婚;',
      materials: [
        { name: '本人有效的身份证、户口簿' },
        { name: '《军人婚姻登记证明》、军人证件、居民身份证', remark: '现役军人须持团以上政治机关出具的' },
        { name: '3张大2寸红底双方近期半身免冠合影照片' },
        {
          name: '法院生效司法文书、配偶居民死亡医学证明(推断)书等材料',
          remark: '离婚、丧偶当事人应当提供,且与本人户口薄上记载一致',
        },
      ],
      flow: [{ name: '初审' }, { name: '受理' }, { name: '审查' }, { name: '登记(发证)' }],
      promiseLimit: { text: '证件材料齐全,当场予以登记,发证。' },
      isFee: false,
      consult: { phone: '0817-5525066' },
      transactTime: '周一至周五,夏季上午8:30-12:00;下午:3:00-6:30\n周一至周五,冬季上午8:30-12:00;下午:2:30-6:00',
      transactAddr: '民政局地址为致远路399号',
      ext: { extra: { 办理机构: '民政局婚姻登记中心' } },
    },
    guideFindings: ['guide.list-etc content.materials.3.name'],
  },
  {
    source: 'https://m.chaojilvshi.com/wenzhang/wenzhang238fa2f8b9ab3f29933abb982dd51754.html',
    province: '湖北省',
    publisher: '武汉政务网（页面注明来源 http://www.wuhan.gov.cn/）',
    content: {
      name: '高龄津贴申报',
      promiseLimit: {
        text: '20个工作日,街道社区15个工作日、部门5个工作日',
        note: '按季发放,下季度第一个月的15号前将上季度高龄老人津贴发放到位。',
      },
      materials: [
        { name: '高龄老人的身份证、户口簿原件' },
        { name: '本人农商行开户存折(卡)复印件', paperCopyKind: '2' },
        { name: '离退休证和单位证明', scenarios: ['驻汉军队离退休人员'] },
        { name: '代办人身份证', scenarios: ['代办人申报'] },
        {
          name: '迁出社区(村)出具的已停发或未享受高龄津贴证明材料',
          scenarios: ['已申报过高龄津贴的老年人,在本市区域内户籍发生变化的'],
        },
      ],
    },
    guideFindings: [],
  },
  {
    source: 'http://m.qebk.com/techan/8d0a2098ecf99e51272c61ca47f500cc.html',
    province: '浙江省',
    publisher: '台州护照办理流程+办理时限（转载，作者佚名）',
    content: {
      name: '护照办理',
      flow: [
        {
          name: '申请',
          description: '申请人向登记(发照)机关窗口提交申请材料,或在浙江政务服务网、“浙里办”APP进行网上申报。',
        },
        {
          name: '受理',
          description:
            '对申请材料进行初步审核,申请材料齐全且符合法定情形的,应当当场受理,并现场采集指纹、相片和签字。对申请材料不齐全应当一次告知申请人需要补正的全部内容。不符合法定情形的,不予受理。',
        },
        {
          name: '审核审批',
          description:
            '审查提交材料是否齐全、是否符合法定形式,核查相关管理信息库,核实有无法定不准出境等情形,审查有报警事件的转调查。',
        },
        {
          name: '制证签发',
          description: '再次核查相关管理信息库,通过核查的制作签发出入境证件,不通过的退回审核审批环节。',
        },
        { name: '送达', description: 'EMS工作人员省内2工作日送达' },
      ],
      ext: { extra: { 办理时限: '7个工作日' } },
    },
    guideFindings: [],
  },
  {
    source: 'http://gansulong.com/c/020225U1I2024.html',
    province: '河北省',
    publisher: '保定出入境通行证签发指南（转载）',
    content: {
      name: '出入境通行证签发',
      serviceObjects: ['1'],
      acceptCondition:
        '1、港澳居民在内地遗失证件或者证件失效需返回港澳的; 2、定居国外的中国公民持中华人民共和国旅行证短期回国后证件遗失或失效,取得外国入境许可 , 需要出境的; 3、香港居民在内地所生子女或者内地居民持香港入境事务处发给的入境许可证赴香港定居的; 4、因国籍冲突,持有外国护照或者居留许可,不宜为其签发中国护照,需要出境的 。',
      materials: [
        { name: '居民身份证(在居民身份证领取、换领、补领期间,可以提交临时居民身份证)' },
        {
          name: '因国籍冲突、港澳居民来内地遗失证件等情形的证明材料',
          remark: '因国籍冲突、港澳居民来内地遗失证件等情形的提交',
        },
        {
          name: '监护人出具的同意出境的意见、监护人的居民身份证或者户口簿、护照',
          remark: '未满十六周岁的 , 由其监护人陪同并提交',
        },
      ],
      ext: { personThemes: ['出境入境'], extra: { 实施主体: '保定市公安局' } },
    },
    guideFindings: ['guide.list-etc content.materials.1.name'],
  },
  {
    source: 'http://www.xingguo.gov.cn/xgxxxgk/xg76432/202208/79bc5a86d0fe4f8ba79ccd56d1f46b4c.shtml',
    province: '江西省',
    publisher: '兴国县行政审批局（政务服务“跨省通办”清单及办事指南）',
    content: {
      name: '内资公司设立登记',
      type: '01',
      handleFormsNote: '全程无纸化网办,“网上申报+寄递服务”办理模式',
      materials: [
        { name: '《公司登记(备案)申请书》' },
        { name: '公司章程(有限责任公司由全体股东签署,股份有限公司由全体发起人签署)' },
        {
          name: '股东、发起人的主体资格证明或自然人身份证明',
          remark:
            '股东、发起人为企业的,提交营业执照复印件。\n股东、发起人为事业法人的,提交事业法人登记证书复印件。\n股东、发起人为社团法人的,提交社团法人登记证复印件。\n股东、发起人为民办非企业单位的,提交民办非企业单位证书复印件。\n股东、发起人为自然人的,提交身份证件复印件。\n其他股东、发起人的,提交有关法律法规规定的资格证明复印件。',
        },
        {
          name: '法定代表人、董事、监事和经理的任职文件',
          remark:
            '根据《中华人民共和国公司法》和公司章程的规定,有限责任公司提交股东决定或股东会决议,发起设立的股份有限公司提交股东大会会议记录);募集设立的股份有限公司提交创立大会会议记录)。对《中华人民共和国公司法》和章程规定公司组织机构人员任职须经董事会、监事会等形式产生的,还需提交董事签字的董事会决议、监事签字的监事会决议等相关材料。',
        },
        { name: '住所使用证明(适用住所承诺制的免于提交)' },
      ],
      ext: { extra: { 事项编号: '01', 审批时限: '5个工作日' } },
    },
    guideFindings: [],
  },
  {
    source: 'https://gxq.cq.gov.cn/zj/zjz/jczwgk/wsjk/sydjfw/202302/t20230224_11648295.html',
    province: '重庆市',
    publisher: '曾家镇（重庆高新区，基层政务公开·卫生健康领域）',
    content: {
      name: '生育服务证登记',
      type: '20',
      transactTime: '工作日',
      sceneVisits: 0,
      handleForms: ['1', '2'],
      deptNature: '1',
      serviceObjects: ['1'],
      projectType: '1',
      supervise: { phone: '023—65751638' },
      legalLimit: { note: '户籍人口及时办理,跨省流动人口承诺办理' },
      acceptCondition:
        '条件类型:申请条件\n条件名称:生育第一或第二个子女\n适用类型:1.夫妻双方均未生育过子女;2.夫妻双方曾共同生育1个子女,均无其他子女;3.夫妻一方曾生育过1个子女。\n条件类型:申请条件\n条件名称:户籍或女方居住在本地\n适用类型:一方户籍在本市,或双方户籍均不在本市但女方在本地居住满1个月的夫妻在生育第一个子女或第二个子女前,凭夫妻双方身份证、户口簿和结婚证(再婚的需提供离婚证及离婚协议书或离婚判决书、调解书)进行登记,自主安排生育。',
      materials: [
        {
          name: '结婚证',
          paperCopyKind: '3',
          form: '3',
          necessity: '1',
          source: '2',
          sourceNote: '民政局',
          paperCopies: 2,
        },
      ],
      ext: {
        universalScope: ['3'],
        personThemes: ['生育收养'],
        resultType: '1',
        onlineDepths: ['1', '2', '3', '4', '5', '6', '7'],
        extra: { '结婚证 材料原件份数': '1', '结婚证 材料复印件份数': '1' },
      },
    },
    guideFindings: [],
  },
  {
    source: 'https://244877.com/lzhunshengzheng',
    province: '辽宁省',
    publisher: '丹东生育登记办理指南（转载）',
    content: {
      name: '生育登记',
      acceptCondition:
        '1、依法结婚;\n2、生育第一个或第二个孩子的夫妻,实行自愿登记制度,由家庭自主安排生育。\n3、生育后进行登记的,必须在生育后3个月内进行登记。',
      materials: [
        { name: '身份证', remark: '需提供夫妻双方的' },
        { name: '户口簿(或居住证)', remark: '需提供夫妻双方的' },
        { name: '结婚证', remark: '需提供夫妻双方的' },
        { name: '离婚证', scenarios: ['离婚后再婚的'] },
        { name: '离婚协议书或离婚判决书(调解书)', scenarios: ['离婚后再婚的'] },
        { name: '子女死亡证明', scenarios: ['子女死亡的'] },
        { name: '《出生医学证明》', scenarios: ['生育后补办生育登记的'] },
        { name: '《办理计划生育事项委托书》', scenarios: ['委托代理的'] },
        { name: '其它情形所需的相关材料' },
      ],
      flow: [
        {
          name: '步骤一',
          description:
            '申请人向子女拟落户的夫妻任一方户籍所在地的乡(镇)人民政府或街道办事处计划生育服务窗口提出申请,并提交相关材料;',
        },
        {
          name: '步骤二',
          description:
            '计生工作人员对申请材料进行审查,证件齐全且声明事项与全员人口信息系统基本信息一致的,当场发放《生育登记单》。',
        },
      ],
      transactAddr: '夫妻任一方户籍地乡(镇)人民政府或街道办事处计划生育服务窗口',
      transactTime: '正常工作日工作时间9:00-16:30',
      isFee: false,
      ext: {
        extra: {
          办理时限:
            '(1)材料齐全,且符合要求的,即时办结;\n(2)个人婚育情况承诺书与“辽宁人口信息管理系统”中个人信息不一致、婚育情况一时难以核实的,15个工作日办结。',
          温馨提示: '丹东生育登记单就是丹东准生证。',
        },
      },
    },
    guideFindings: ['guide.catch-all-material content.materials.8.name'],
  },
  {
    source: 'https://kymarkets.com/html/zxfwzdbsfwsyfw201701t20170104_1658097.html',
    province: '贵州省',
    publisher: '生育服务(计划生育办证)（转载；页面引《贵州省生育服务登记表》《遵义市母子健康服务手册》）',
    content: {
      name: '生育登记服务',
      serviceObjectsNote: '本辖区内户籍人口或常住人口,准备生育第一个子女或第二个子女的夫妻。',
      materials: [
        { name: '夫妻双方身份证明' },
        { name: '结婚证' },
        { name: '委托书', scenarios: ['委托他人代办的'] },
        { name: '被委托人身份证明', scenarios: ['委托他人代办的'] },
      ],
      flow: [
        {
          name: '①',
          description:
            '准备生育第一个子女或第二个子女的夫妻,凭所需资料到一方户籍地或现居住地乡(镇、街道)计生办、村(居)委会填写《贵州省生育服务登记表》(一式两份);',
        },
        {
          name: '②',
          description:
            '相关单位的登记人员立即进行信息登记,并将对象提供的相关资料原件与登记信息核对,核对无误后,发放《遵义市母子健康服务手册》并正确勾选该生育孩次;',
        },
        { name: '③', description: '经核对,不符合登记条件或资料不齐的,不予登记,并当面一次性告知,做好解释工作。' },
      ],
    },
    guideFindings: ['guide.catch-all-text content.flow.1.description'],
  },
  {
    source: 'http://www.dazu.gov.cn/zfzf/publicity/zcjd/203574',
    province: '重庆市',
    publisher: '大足区金山镇（政策解读：《生育服务证》办证须知）',
    content: {
      name: '《生育服务证》办证',
      serviceObjectsNote:
        '一方户籍在本市,或双方户籍均不在本市但女方在本地居住满1个月的夫妻,在生育第一个子女或第二个子女前,凭夫妻双方身份证、户口簿和结婚证(再婚的需提供离婚证及离婚协议书或离婚判决书、调解书)进行登记,自主安排生育。',
      flow: [
        { name: '(一)', description: '登记对象或其委托代办人填写登记表,或者进行网上预约。' },
        { name: '(二)', description: '工作人员在网上登记,并进行信息双向比对。' },
        { name: '(三)', description: '登记对象材料齐全,情况属实的,受理人当场发放生育服务证。' },
        {
          name: '(四)',
          description:
            '信息比对不一致,但登记对象能出示法定依据的,视为比对一致;信息比对不一致且登记对象不能出示相关法定依据的,向信息提供地发起协查,并告知登记对象延后或不予发放生育服务证的原因。',
        },
      ],
      consult: { phone: '023-43402229' },
      supervise: { phone: '12356' },
      ext: {
        extra: { 受理机构: '(一)夫妻一方户籍所在的村、社区或乡镇、街道。\n(二)女方现居住地的村、社区或乡镇、街道。' },
      },
    },
    guideFindings: [],
  },
];
