// Bilingual labels (zh-CN, the default, and English) for every page.
//
// The vocabulary tables mirror signing/vocabulary.py: the QR carries short codes, people read
// words. Unknown codes are shown as they are. UI strings live in MESSAGES, keyed by name.

export const LANGUAGES = Object.freeze(['zh-CN', 'en']);
const STORAGE_KEY = 'ccr.lang';

// [zh, en] pairs.
export const KINDS = Object.freeze({
  CREATOR_RECOGNITION: ['优质内容创作者认定', 'Creator recognition'],
  AWARD: ['获奖证明', 'Award'],
  SKILL_CERTIFICATE: ['职业技能等级证书', 'Skill certificate'],
  TALENT_ELIGIBILITY: ['人才政策资格', 'Talent eligibility'],
});

// 全媒体运营师 directions: two-letter QR codes; the registry's long names map to the same labels.
export const DIRECTIONS = Object.freeze({
  CP: ['创意策划', 'Creative planning'],
  AV: ['视听运营', 'Audiovisual operations'],
  LS: ['直播运营', 'Live-stream operations'],
  TO: ['流量运营', 'Traffic operations'],
  DA: ['数据分析', 'Data analysis'],
});
export const DIRECTION_CODES = Object.freeze({
  CREATIVE_PLANNING: 'CP',
  AUDIOVISUAL_OPS: 'AV',
  LIVESTREAM_OPS: 'LS',
  TRAFFIC_OPS: 'TO',
  DATA_ANALYSIS: 'DA',
});

export const SKILL_LEVELS = Object.freeze({
  L5: ['五级/初级工', 'Level 5 / Junior worker'],
  L4: ['四级/中级工', 'Level 4 / Intermediate worker'],
  L3: ['三级/高级工', 'Level 3 / Senior worker'],
  L2: ['二级/技师', 'Level 2 / Technician'],
  L1: ['一级/高级技师', 'Level 1 / Senior technician'],
});

export const ID_DOCUMENT_TYPES = Object.freeze({
  RESIDENT_ID: ['居民身份证', 'Resident ID card'],
  HMT_PERMIT: ['港澳台居民居住证/通行证', 'HK/Macao/Taiwan residence or travel permit'],
  PASSPORT: ['护照', 'Passport'],
  FOREIGN_PERMANENT_ID: ['外国人永久居留身份证', 'Foreign permanent resident ID card'],
  USCC: ['统一社会信用代码', 'Unified social credit code'],
});

export const AWARD_LEVELS = Object.freeze({
  INTERNATIONAL: ['国际级', 'International'],
  NATIONAL: ['国家级', 'National'],
  PROVINCIAL_MUNICIPAL: ['省市级', 'Provincial / municipal'],
  DISTRICT: ['区级', 'District'],
  INDUSTRY: ['行业级', 'Industry'],
});

export const GRADES = Object.freeze({
  SPECIAL: ['特等奖', 'Special prize'],
  FIRST: ['一等奖', 'First prize'],
  SECOND: ['二等奖', 'Second prize'],
  THIRD: ['三等奖', 'Third prize'],
  TOP10: ['十佳', 'Top ten'],
  SELECTED: ['入选/精品', 'Selected'],
  TITLE: ['荣誉称号', 'Honour title'],
});

export const TIERS = Object.freeze({
  STRATEGIC: ['战略创作人才', 'Strategic creative talent'],
  LEADING: ['领军创作人才', 'Leading creative talent'],
  POTENTIAL: ['潜力创作人才', 'Potential creative talent'],
  RECOGNISED: ['经认定的优享计划创作者', 'Recognised Youxiang creator'],
  B_CARD: ['人才绿卡B卡', 'Talent green card B'],
  CREATOR_ROUTE: ['重要奖项创作者落户', 'Award-winning creator route'],
  SENIOR_TECHNICIAN: ['一级/高级技师', 'Level 1 / Senior technician'],
  TECHNICIAN: ['二级/技师', 'Level 2 / Technician'],
  GOVERNMENT_COMMENDATION: ['省部级以上政府表彰', 'Provincial-or-higher government commendation'],
});

// Eligibility programmes and their benefits (a benefit by programme and code: two programmes
// may name one code differently), named as their files name them; a test keeps these in step
// with registry/policy/*.json.
export const PROGRAMMES = Object.freeze({
  HZ_GREEN_CARD_B: ['海珠区人才绿卡（B卡）', 'Haizhu talent green card (B card)'],
  OMO_ASSESSMENT: ['全媒体运营师职业技能等级认定申报资格', 'Omni-media operation specialist assessment: application eligibility'],
  SH_CREATOR_HUKOU: ['上海市网络优质内容创作者落户支持', 'Shanghai hukou support for high-quality content creators'],
  SH_SKILL_HUKOU: ['上海市高技能人才落户（全媒体运营师）', 'Shanghai hukou for highly skilled talent (omni-media operation)'],
  YP_YOUXIANG: ['杨浦区全球创作者“优享计划”', 'Yangpu Youxiang Plan for global creators'],
});

export const BENEFITS = Object.freeze({
  'HZ_GREEN_CARD_B.GREEN_CARD_B': ['人才绿卡B卡：购房、车牌、子女入学、职称评审享受本市户籍居民待遇', "Green card B: treated as a local resident for home purchase, car plates, children's schooling and professional titles"],
  'HZ_GREEN_CARD_B.FOREIGNER_RESIDENCE_PERMIT': ['外籍人才居留许可（最长5年）', 'Residence permit for foreign talent (up to 5 years)'],
  'OMO_ASSESSMENT.ASSESSMENT_APPLICATION': ['申报全媒体运营师职业技能等级认定', 'Apply for the omni-media operation specialist assessment'],
  'SH_CREATOR_HUKOU.HUKOU': ['落户支持', 'Hukou support'],
  'SH_SKILL_HUKOU.HUKOU': ['引进人才落户', 'Hukou as recruited talent'],
  'YP_YOUXIANG.RENT_SUBSIDY': ['租房补贴', 'Rent subsidy'],
  'YP_YOUXIANG.PURCHASE_SUBSIDY': ['首套购房补贴', 'First-home purchase subsidy'],
  'YP_YOUXIANG.SALARY_REWARD': ['薪酬奖励', 'Salary reward'],
  'YP_YOUXIANG.PRIORITY_HUKOU': ['优先落户推荐（区级推荐、市级审批；配偶及未成年子女可随迁）', 'Priority hukou recommendation (the district recommends, the municipality decides; spouse and minor children may move too)'],
  'YP_YOUXIANG.FOREIGN_FACILITATION': ['签证、工作许可及出入境便利', 'Visa, work-permit and entry/exit facilitation'],
  'YP_YOUXIANG.YOUNG_APARTMENT_STAY': ['“YOUNG人才公寓”免费短住（非商业性重大活动）', 'Free YOUNG talent-apartment stays for non-commercial major events'],
});

export const OCCUPATIONS = Object.freeze({
  '4-13-01-05': ['全媒体运营师', 'Omni-media operation specialist'],
});

export const AWARDS = Object.freeze({
  CN_POSITIVE_ENERGY: ['中国正能量网络精品', 'China positive-energy online works'],
  SH_SILVER_DOVE: ['银鸽奖', 'Silver Dove Award'],
  SH_JOURNALISM: ['上海新闻奖', 'Shanghai Journalism Award'],
  SH_CONTENT_REWARD: ['上海市优质内容奖励', 'Shanghai content reward'],
  YP_TRACK_HONOR: ['杨浦区创作者分赛道荣誉', 'Yangpu creator track honour'],
  HZ_PREMIUM_LIBRARY: ['海珠精品内容库', 'Haizhu premium content library'],
  GZ_JIEBANG: ['广州“揭榜挂帅”人才项目', 'Guangzhou "Jiebang" talent project'],
});

// Creator clusters (集聚区) that recognise creators (registry.domain.regions).
export const CLUSTERS = Object.freeze({
  HP_CLUSTER: ['黄浦区网络内容创作者集聚区', 'Huangpu online content creator cluster'],
  YP_VJUCHANG: ['杨浦区 V聚场', 'Yangpu V-Juchang'],
  HZ_PAZHOU: ['海珠区琶洲创作生态谷', 'Haizhu Pazhou creator valley'],
});

export const REGIONS = Object.freeze({
  310101: ['上海市黄浦区', 'Huangpu District, Shanghai'],
  310110: ['上海市杨浦区', 'Yangpu District, Shanghai'],
  440105: ['广州市海珠区', 'Haizhu District, Guangzhou'],
});

export const ORIGINS = Object.freeze({
  DOMESTIC: ['国内', 'Domestic'],
  HMT: ['港澳台', 'Hong Kong, Macao, Taiwan'],
  FOREIGN: ['外籍', 'Foreign'],
});

// Content platforms, kinds of work, creators' kinds and identity forms (registry.domain.enums).
export const PLATFORMS = Object.freeze({
  BILIBILI: ['哔哩哔哩', 'Bilibili'],
  XIAOHONGSHU: ['小红书', 'Xiaohongshu'],
  DOUYIN: ['抖音', 'Douyin'],
  WECHAT_CHANNELS: ['微信视频号', 'WeChat Channels'],
  WEIBO: ['微博', 'Weibo'],
  KUAISHOU: ['快手', 'Kuaishou'],
  OTHER: ['其他平台', 'Other platform'],
});

export const WORK_TYPES = Object.freeze({
  TEXT: ['图文', 'Text'],
  IMAGE: ['图片', 'Image'],
  AUDIO_VIDEO: ['音视频', 'Audio / video'],
  SPECIAL_COLUMN: ['专栏', 'Column'],
  THEMED_CAMPAIGN: ['主题活动', 'Themed campaign'],
  LIVE_STREAM: ['直播', 'Live stream'],
  MICRO_DRAMA: ['微短剧', 'Micro drama'],
});

export const CREATOR_KINDS = Object.freeze({
  PERSON: ['个人', 'Person'],
  STUDIO: ['工作室', 'Studio'],
});

export const IDENTITY_FORMS = Object.freeze({
  UPLOADER: ['UP主', 'Uploader'],
  BLOGGER: ['博主', 'Blogger'],
  CONTRACTED: ['签约创作者', 'Contracted creator'],
  STUDIO: ['工作室', 'Studio'],
  MCN_TALENT: ['MCN机构达人', 'MCN talent'],
});

// Evaluation filings (备案): scope, institution category and state.
export const FILING_SCOPES = Object.freeze({
  NATIONAL: ['全国（人社部备案）', 'National (filed with the ministry)'],
  PROVINCIAL: ['省级（省级人社部门备案）', 'Provincial (filed with one province)'],
});

export const CATEGORIES = Object.freeze({
  S: ['社会培训评价组织', 'Social training and evaluation organisation'],
  Y: ['用人单位', 'Employer'],
});

export const FILING_STATES = Object.freeze({
  ACTIVE: ['有效', 'In force'],
  SUSPENDED: ['已暂停', 'Suspended'],
  WITHDRAWN: ['已撤回', 'Withdrawn'],
});

// Account roles (registry.domain.enums.Role).
export const ROLES = Object.freeze({
  SYSTEM_ADMIN: ['系统管理员', 'System administrator'],
  CAC_OFFICIAL: ['网信办工作人员', 'Network information office official'],
  TALENT_OFFICIAL: ['人才工作部门工作人员', 'Talent office official'],
  HRSS_OFFICIAL: ['人社部门工作人员', 'Human resources and social security official'],
  EVALUATOR: ['评价机构', 'Evaluation institution'],
  CREATOR: ['创作者', 'Creator'],
  PARTNER: ['合作方', 'Partner'],
  AUDITOR: ['审计人员', 'Auditor'],
  PUBLIC: ['公众', 'Public'],
});

// What the audit log records (the actions a record's history lists).
export const ACTIONS = Object.freeze({
  'creator.register': ['登记创作者', 'Creator registered'],
  'creator.facts': ['记录资格事实', 'Eligibility facts recorded'],
  'creator.name_display': ['更改姓名显示', 'Name display changed'],
  'creator.platform_account': ['核实平台账号', 'Platform account attested'],
  'work.add': ['登记作品', 'Work recorded'],
  'award.claim': ['申报获奖', 'Award claimed'],
  'award.start_verification': ['开始核验', 'Verification started'],
  'award.verify': ['核验通过', 'Verified'],
  'award.reject': ['核验未通过', 'Rejected'],
  'award.rescind': ['撤回获奖', 'Rescinded'],
  'recognition.apply': ['申请认定', 'Applied for recognition'],
  'recognition.grant': ['予以认定', 'Recognised'],
  'recognition.refuse': ['不予认定', 'Refused'],
  'recognition.suspend': ['暂停认定', 'Suspended'],
  'recognition.reinstate': ['恢复认定', 'Reinstated'],
  'recognition.revoke': ['撤销认定', 'Revoked'],
  'recognition.correct': ['更正认定', 'Corrected'],
  'certificate.record': ['登记证书', 'Certificate recorded'],
  'certificate.import': ['名册导入证书', 'Certificate imported from a roster'],
  'credential.issue': ['签发凭证', 'Credential issued'],
  'credential.renew': ['续期（换发新凭证）', 'Renewed (a new credential issued)'],
  'credential.amend': ['更正（换发新凭证）', 'Amended (a new credential issued)'],
  'credential.suspend': ['暂停凭证', 'Credential suspended'],
  'credential.reinstate': ['恢复凭证', 'Credential reinstated'],
  'credential.cancel': ['撤销凭证', 'Credential revoked'],
  'eligibility.approved': ['资格审核通过', 'Eligibility approved'],
  'eligibility.rejected': ['资格审核未通过', 'Eligibility rejected'],
  'eligibility.provisional': ['容缺受理', 'Approved provisionally (容缺)'],
  'eligibility.complete': ['容缺材料补齐', 'Provisional documents completed'],
  'eligibility.suspend': ['资格暂停', 'Grant suspended'],
  'eligibility.reinstate': ['资格恢复', 'Grant reinstated'],
  'eligibility.revoke': ['资格撤销', 'Grant revoked'],
  'eligibility.supersede': ['从高从优替代', 'Replaced by a more favourable grant'],
  'eligibility.lapse': ['容缺逾期失效', 'Lapsed: documents overdue'],
  'filing.file': ['备案', 'Filed'],
  'filing.renew': ['备案续期', 'Filing renewed'],
  'filing.suspend': ['备案暂停', 'Filing suspended'],
  'filing.reinstate': ['备案恢复', 'Filing reinstated'],
  'filing.withdraw': ['备案撤回', 'Filing withdrawn'],
});

export const CREDENTIAL_STATES = Object.freeze({
  ACTIVE: ['有效', 'Active'],
  SUSPENDED: ['已暂停', 'Suspended'],
  REVOKED: ['已撤销', 'Revoked'],
  EXPIRED: ['已过期', 'Expired'],
});

// Award grants, certificates and recognitions as the registry records them.
export const RECORD_STATES = Object.freeze({
  CLAIMED: ['已申报', 'Claimed'],
  UNDER_VERIFICATION: ['核验中', 'Under verification'],
  VERIFIED: ['已核验', 'Verified'],
  REJECTED: ['未通过', 'Rejected'],
  RESCINDED: ['已撤回', 'Rescinded'],
  ACTIVE: ['有效', 'Active'],
  SUSPENDED: ['已暂停', 'Suspended'],
  REVOKED: ['已撤销', 'Revoked'],
  PENDING: ['待认定', 'Pending'],
  REFUSED: ['未予认定', 'Refused'],
});

export const OUTCOMES = Object.freeze({
  ELIGIBLE: ['符合条件', 'Eligible'],
  NOT_ELIGIBLE: ['不符合条件', 'Not eligible'],
  NEEDS_DOCUMENTS: ['待补充材料', 'Needs documents'],
  UNKNOWN: ['未知', 'Unknown'],
  MET: ['满足', 'Met'],
  UNMET: ['不满足', 'Not met'],
});

// Recorded eligibility decisions.
export const DECISION_OUTCOMES = Object.freeze({
  APPROVED: ['批准', 'Approved'],
  PROVISIONAL: ['容缺批准', 'Approved pending documents'],
  REJECTED: ['不予批准', 'Rejected'],
});

// Why the registry refused a change (the `code` of a mutation's userErrors). Codes not listed
// here are shown with the server's own message.
export const USER_ERRORS = Object.freeze({
  INVALID_INPUT: ['内容缺失或无效', 'Missing or invalid'],
  INVALID_ID_NUMBER: ['证件号无效', 'Invalid ID number'],
  INVALID_REGION: ['地区代码无效', 'Invalid region code'],
  INVALID_LEVEL: ['等级不在允许范围内', 'This level is not allowed'],
  INVALID_DIRECTION: ['职业方向不在允许范围内', 'This direction is not allowed'],
  INVALID_CERTIFICATE_NUMBER: ['证书编号格式无效', 'Invalid certificate number'],
  TOO_YOUNG: ['未达到年龄要求', 'Below the minimum age'],
  SCORE_BELOW_PASS: ['成绩未达合格线', 'A score is below the pass mark'],
  INVALID_PROGRAMME: ['政策项目无效', 'Invalid programme'],
  NOT_FOUND: ['未找到', 'Not found'],
  DUPLICATE: ['记录已存在', 'Already recorded'],
  INVALID_STATE: ['当前状态下不能进行此操作', 'Not possible in the current state'],
  ALREADY_ISSUED: ['此记录已有有效凭证', 'A live credential already attests this record'],
  NO_SIGNING_KEY: ['没有可用的签名密钥', 'No signing key is available'],
  POLICY_NOT_YET_IN_FORCE: ['政策尚未生效', 'The policy is not in force yet'],
  POLICY_WINDOW_CLOSED: ['政策已停止执行', 'The policy is no longer in force'],
  TIER_UNKNOWN: ['该政策没有这个层级', 'The programme has no such tier'],
  TIER_NOT_REACHED: ['未达到该层级的条件', 'The criteria of this tier are not met'],
  DOCUMENTS_MISSING: ['材料不全', 'Documents are missing'],
  PROVISIONAL_NOT_ALLOWED: ['该政策不允许容缺办理', 'This programme allows no approval pending documents'],
  DEADLINE_INVALID: ['补交截止日无效', 'Invalid documents-due date'],
  MORE_FAVOURABLE_ALREADY_GRANTED: ['已享受更优惠的同类政策', 'A more favourable grant is already in force'],
  AMOUNT_INVALID: ['核定金额须为 1 元至上限之间的整数', 'The approved amount must be whole yuan, from 1 to the cap'],
  STAY_LIMIT_REACHED: ['本年度短住次数已用完', "This year's stays are used up"],
  DOCUMENTS_OVERDUE: ['材料逾期未补交', 'The documents are overdue'],
  SUBSIDY_MONTHS_EXCEEDED: ['补贴月数已用完', 'No subsidy months are left'],
  FORBIDDEN: ['此账号无权进行此操作', 'This account may not do this'],
  OUT_OF_SCOPE: ['超出本机构的职权范围', "Outside this organisation's authority"],
  OUTSIDE_FILING: ['超出备案范围', 'Outside the filing'],
});

// Verdicts: what the big banner says, and its tone (colour).
// The figures in the server's English detail that a reader needs in any language (a length,
// a range): [pattern, zh, en], the groups filling {1}, {2}. Detail that matches none is shown
// to English readers only.
export const DETAILS = Object.freeze([
  [/at most ([\d,]+) characters/, '最多 {1} 个字符', 'at most {1} characters'],
  [/(\d+)[–-]([\d,]+) characters/, '{1}–{2} 个字符', '{1}–{2} characters'],
  [/at most ([\d,]+) rows/, '最多 {1} 行', 'at most {1} rows'],
  [/lasts 1[–-](\d+) days/, '1–{1} 天', '1–{1} days'],
  [/(?:lie|lies) in (\d+)[–-]([\d,]+)/, '取值 {1}–{2}', 'from {1} to {2}'],
  [/runs from (\d+) to ([\d,]+)/, '取值 {1}–{2}', 'from {1} to {2}'],
]);

/** The figures of a server message, in `lang`; null where it states none we know. */
export function detailIn(message, lang = getLang()) {
  for (const [pattern, zh, en] of DETAILS) {
    const found = pattern.exec(message ?? '');
    if (found) return (lang === 'en' ? en : zh).replace(/\{(\d)\}/g, (_, n) => found[Number(n)]);
  }
  return null;
}

// What to do after a refusal with a known way forward: form.code.role -> [zh, en].
export const HINTS = Object.freeze({
  'registerCreator.DUPLICATE.EVALUATOR': [
    '此人已在系统中登记，无需重复登记。登记证书时按考试名册填写持证人的证件类型、号码和姓名即可，系统会据此找到此人。',
    'This person is already registered: no need to register them again. Record the certificate naming the holder by ID document type, number and name, as on the exam roster, and the registry finds them.',
  ],
  'registerCreator.DUPLICATE.CAC_OFFICIAL': [
    '此人已登记：按完整证件号搜索即可找到。',
    'Already registered: search by the full ID number to find them.',
  ],
  'registerCreator.DUPLICATE.TALENT_OFFICIAL': [
    '此人已登记：按完整证件号搜索即可找到。',
    'Already registered: search by the full ID number to find them.',
  ],
});

export const VERDICTS = Object.freeze({
  valid: ['有效', 'Valid', 'good'],
  revoked: ['已撤销', 'Revoked', 'bad'],
  suspended: ['已暂停', 'Suspended', 'warn'],
  expired: ['已过期', 'Expired', 'warn'],
  notYetValid: ['尚未生效', 'Not yet valid', 'warn'],
  statusUnknown: ['无法确认状态', 'Status unknown', 'warn'],
  notGenuine: ['非真实', 'Not genuine', 'bad'],
  unreadable: ['无法识别', 'Not a credential', 'bad'],
  cannotCheck: ['无法核验', 'Cannot check', 'neutral'],
});

// Every verification code: its verdict and what went wrong, in both languages.
export const CODES = Object.freeze({
  PREFIX_INVALID: ['unreadable', '这不是本系统的凭证代码（应以 TR1: 开头）', 'This is not one of our credential codes (it must start with TR1:)'],
  BASE45_INVALID: ['unreadable', '凭证代码含有无效字符，可能扫描不完整', 'The code contains invalid characters; it may have been scanned incompletely'],
  DECOMPRESS_FAILED: ['notGenuine', '凭证数据已损坏', 'The credential data is damaged'],
  COSE_MALFORMED: ['notGenuine', '签名结构无效', 'The signature structure is invalid'],
  CLAIMS_MALFORMED: ['notGenuine', '凭证内容格式无效', 'The credential content is malformed'],
  KID_UNKNOWN: ['notGenuine', '签发密钥不在信任列表中', 'It was not signed by a trusted issuer key'],
  ALG_NOT_ALLOWED: ['notGenuine', '签名算法与签发密钥不符', 'The signature algorithm does not match the issuer key'],
  SIGNATURE_INVALID: ['notGenuine', '签名不符：凭证被篡改或伪造', 'The signature does not match: the credential was altered or forged'],
  KEY_COMPROMISED: ['notGenuine', '签发密钥已泄露，其签发的凭证一律无效', 'The issuer key was compromised; nothing it signed is valid'],
  NOT_YET_VALID: ['notYetValid', '凭证尚未到生效时间', 'The credential is not valid yet'],
  EXPIRED: ['expired', '凭证已超过有效期', 'The credential has expired'],
  REVOKED: ['revoked', '签发机构已撤销此凭证', 'The issuer has revoked this credential'],
  SUSPENDED: ['suspended', '签发机构已暂停此凭证', 'The issuer has suspended this credential'],
  STATUS_UNAVAILABLE: ['statusUnknown', '签名真实，但无法取得最新的撤销状态', 'The signature is genuine, but the current revocation status could not be obtained'],
  TOO_LARGE: ['unreadable', '数据过大，不是本系统的凭证', 'The data is too large to be one of our credentials'],
  UNSUPPORTED: ['cannotCheck', '此浏览器无法完成核验，请更新浏览器或换用其他浏览器', 'This browser cannot perform the check; update it or use another browser'],
  TRUST_UNAVAILABLE: ['cannotCheck', '无法取得签发机构的公钥（离线且无本地副本）', "The issuer's keys could not be obtained (offline, no saved copy)"],
});

const MESSAGES = {
  appName: ['创作者凭证登记系统', 'Creator Credential Registry'],
  language: ['语言', 'Language'],
  switchTo: ['English', '中文'],
  verifierTitle: ['凭证核验', 'Verify a credential'],
  verifierIntro: [
    '扫描或粘贴凭证二维码内容即可核验。核验在本机完成，凭证内容不会发送到服务器。',
    'Scan or paste the QR code of a credential. The check runs on this device; the credential is never sent to the server.',
  ],
  pasteLabel: ['二维码文本', 'QR code text'],
  pastePlaceholder: ['TR1:… 或 https://…/v#TR1:…', 'TR1:… or https://…/v#TR1:…'],
  verifyButton: ['核验', 'Verify'],
  uploadLabel: ['上传二维码图片或截图', 'Upload a photo or screenshot of the QR code'],
  scanButton: ['用摄像头扫描', 'Scan with the camera'],
  stopScan: ['停止扫描', 'Stop scanning'],
  noBarcode: [
    '此浏览器无法识别图片中的二维码。请用手机相机扫描二维码，或粘贴二维码文本。',
    'This browser cannot read QR codes from images. Scan the code with your phone camera, or paste its text.',
  ],
  noQrFound: ['图片中未找到二维码', 'No QR code found in the image'],
  cameraFailed: ['无法打开摄像头', 'The camera could not be opened'],
  checking: ['正在核验…', 'Checking…'],
  stage: ['环节代码', 'Stage code'],
  holder: ['持有人', 'Holder'],
  kind: ['凭证类型', 'Kind'],
  issuer: ['签发方', 'Issuer'],
  organisation: ['签发机构', 'Issuing organisation'],
  validFrom: ['生效时间', 'Valid from'],
  validUntil: ['有效期至', 'Valid until'],
  issuedAt: ['签发时间', 'Issued'],
  credentialId: ['凭证编号', 'Credential id'],
  signingKey: ['签名密钥', 'Signing key'],
  cluster: ['集聚区', 'Cluster'],
  region: ['地区', 'Region'],
  award: ['奖项', 'Award'],
  awardLevel: ['奖项级别', 'Award level'],
  grade: ['等次', 'Grade'],
  year: ['年度', 'Year'],
  title: ['名称', 'Title'],
  occupation: ['职业', 'Occupation'],
  skillLevel: ['等级', 'Level'],
  direction: ['职业方向', 'Direction'],
  certificateNumber: ['证书编号', 'Certificate number'],
  programme: ['政策项目', 'Programme'],
  tier: ['层级', 'Tier'],
  code: ['代码', 'Code'],
  trustTitle: ['核验依据', 'What the check relied on'],
  keysFetched: ['签发机构公钥获取于 {time}', 'Issuer keys fetched {time}'],
  statusFetched: ['撤销状态列表 {list} 获取于 {time}', 'Status list {list} fetched {time}'],
  statusNotChecked: ['未核查撤销状态', 'Revocation status not checked'],
  offlineCopy: ['（离线，使用本地副本）', '(offline: saved copy)'],
  refresh: ['重新获取并核验', 'Refresh and check again'],
  never: ['从未', 'never'],
  privacyNote: [
    '为保护隐私，凭证不含证件号码；姓名默认脱敏，除非持有人选择显示全名。',
    'To protect privacy, the credential carries no ID number; the name is masked unless its holder chose to show it.',
  ],
  // Wallet and console.
  walletTitle: ['我的凭证', 'My credentials'],
  consoleTitle: ['管理控制台', 'Official console'],
  token: ['访问令牌', 'Access token'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  signedInAs: ['已登录：{role} · {org}', 'Signed in: {role} · {org}'],
  nameDisplayTitle: ['公开姓名', 'Your name in public'],
  showFullName: [
    '在凭证二维码等公开场景显示我的全名',
    'Show my full name in credential QR codes and other public places',
  ],
  nameDisplayNote: [
    '默认只显示脱敏姓名（如 张*）。更改只影响此后签发的凭证；已签发的凭证请联系签发机构续签。',
    'By default only a masked name (e.g. 张*) is shown. A change applies to credentials issued from now on; ask the issuing office to renew one already issued.',
  ],
  nameDisplaySavedFull: [
    '已保存：此后签发的凭证将显示全名。',
    'Saved: credentials issued from now on will show your full name.',
  ],
  nameDisplaySavedMasked: [
    '已保存：此后签发的凭证将显示脱敏姓名。',
    'Saved: credentials issued from now on will show your masked name.',
  ],
  signInFailed: ['登录失败：令牌无效或已过期', 'Sign-in failed: the token is invalid or expired'],
  networkError: ['网络错误，请稍后重试', 'Network error; please try again'],
  serverError: ['服务器返回错误：{message}', 'The server answered with an error: {message}'],
  loading: ['加载中…', 'Loading…'],
  loadMore: ['加载更多', 'Load more'],
  nothingYet: ['暂无记录', 'Nothing here yet'],
  showQr: ['出示二维码', 'Show QR code'],
  close: ['关闭', 'Close'],
  downloadPng: ['下载 PNG', 'Download PNG'],
  downloadVcJwt: ['下载签名 JSON（vc+jwt）', 'Download signed JSON (vc+jwt)'],
  downloadPdf: ['下载证书 PDF', 'Download certificate (PDF)'],
  printPage: ['打印', 'Print'],
  downloadSvg: ['下载 SVG', 'Download SVG'],
  copyLink: ['复制核验链接', 'Copy verification link'],
  copied: ['已复制', 'Copied'],
  copyFailed: ['无法复制，请手动选择链接', 'Could not copy; select the link by hand'],
  state: ['状态', 'Status'],
  search: ['搜索创作者', 'Search creators'],
  filterRegion: ['地区', 'Region'],
  filterOrigin: ['来源', 'Origin'],
  filterCluster: ['认定（集聚区）', 'Recognised in'],
  filterTier: ['资格档次', 'Tier granted'],
  filterStatus: ['凭证状态', 'Credential status'],
  filterAny: ['全部', 'Any'],
  searchPlaceholder: ['姓名、平台账号、证件号后四位、完整证件号或证书编号', 'Name, platform handle, last four ID characters, full ID number or certificate number'],
  displayName: ['姓名', 'Name'],
  idNumber: ['证件号', 'ID number'],
  idDocumentType: ['证件类型', 'ID document type'],
  holderName: ['持证人姓名（与证件一致）', "Holder's name (as on the document)"],
  origin: ['来源', 'Origin'],
  open: ['打开', 'Open'],
  back: ['返回', 'Back'],
  platformAccounts: ['平台账号', 'Platform accounts'],
  awards: ['获奖记录', 'Awards'],
  skillCertificates: ['技能证书', 'Skill certificates'],
  recognitions: ['认定记录', 'Recognitions'],
  credentials: ['凭证', 'Credentials'],
  recordAward: ['登记获奖', 'Record an award'],
  recordSkillCertificate: ['登记技能证书', 'Record a skill certificate'],
  evaluateEligibility: ['资格评估', 'Evaluate eligibility'],
  issueCredential: ['签发凭证', 'Issue a credential'],
  suspend: ['暂停', 'Suspend'],
  reinstate: ['恢复', 'Reinstate'],
  revoke: ['撤销', 'Revoke'],
  reason: ['原因', 'Reason'],
  confirmRevoke: ['撤销不可恢复。确定撤销此凭证吗？', 'Revocation is permanent. Revoke this credential?'],
  submit: ['提交', 'Submit'],
  saved: ['已保存', 'Saved'],
  awardCode: ['奖项代码', 'Award code'],
  edition: ['届次/年度', 'Edition / year'],
  category: ['类别/赛道', 'Category / track'],
  awardedOn: ['获奖日期', 'Date awarded'],
  evidenceDocNo: ['证明文件文号', 'Evidence document number'],
  filingId: ['备案编号', 'Filing id'],
  filing: ['备案', 'Filing'],
  noFilings: ['没有有效的备案，无法登记证书', 'No active filing: certificates cannot be recorded'],
  filingValid: ['有效期 {from} 至 {until}', 'Valid {from} to {until}'],
  issuedOn: ['发证日期', 'Date issued'],
  programmeCode: ['政策项目代码', 'Programme code'],
  asOf: ['评估日期', 'As of'],
  outcome: ['结论', 'Outcome'],
  explanation: ['评估说明', 'Explanation'],
  sourceRecord: ['依据记录', 'Source record'],
  startVerification: ['开始核验', 'Start verification'],
  verifyAward: ['核验通过', 'Verify'],
  rejectAward: ['驳回', 'Reject'],
  rescindAward: ['撤回', 'Rescind'],
  recogniseApplication: ['予以认定', 'Recognise'],
  refuseApplication: ['不予认定', 'Refuse'],
  suspendRecognition: ['暂停认定', 'Suspend'],
  reinstateRecognition: ['恢复认定', 'Reinstate'],
  revokeRecognition: ['撤销认定', 'Revoke'],
  confirmRevokeRecognition: [
    '撤销认定后，其凭证及依托该认定的资格将一并失效。确定撤销？',
    'Revoking the recognition also ends its credentials and the eligibility resting on it. Revoke?',
  ],
  applyForRecognition: ['申请认定', 'Apply for recognition'],
  reasonRequired: ['请填写原因', 'Give a reason'],
  confirmRescind: [
    '撤回后，依据此获奖签发的凭证将一并撤销。确定撤回吗？',
    'Rescinding also revokes the credentials issued for this award. Rescind it?',
  ],
  decideEligibility: ['资格决定', 'Decide eligibility'],
  decision: ['决定', 'Decision'],
  approve: ['批准', 'Approve'],
  reject: ['不予批准', 'Reject'],
  tierDefault: ['评估达到的最优层级', 'The best tier the evaluation reaches'],
  pendingTiers: ['待补材料的层级', 'Tiers awaiting documents'],
  decidedOn: ['决定日期', 'Decided on'],
  decidedOnRequired: ['请填写决定日期', 'Give the date of the decision'],
  documentsDue: ['容缺：材料补交截止日（可选）', 'Documents due by, if approved pending documents (optional)'],
  issueWithDecision: ['同时签发人才政策资格凭证', 'Also issue the talent eligibility credential'],
  approvedAmounts: ['核定金额', 'Approved amounts'],
  decisions: ['资格决定', 'Eligibility decisions'],
  apartmentStays: ['人才公寓短住', 'Talent-apartment stays'],
  recordApartmentStay: ['登记人才公寓短住', 'Record a talent-apartment stay'],
  startsOn: ['入住日期', 'Starts on'],
  stayDays: ['天数（每次最多5天）', 'Days (at most 5 a stay)'],
  stayEvent: ['重大活动名称', 'Major event'],
  nonCommercial: ['经核实为非商业性活动', 'Checked: the event is non-commercial'],
  evidenceRef: ['证明材料编号（可选）', 'Evidence reference (optional)'],
  benefits: ['可享待遇', 'Benefits'],
  approvedAmountMonthly: ['{name}：核定每月金额（元，最高 {cap}）', '{name}: approved per month (yuan, at most {cap})'],
  approvedAmountOnce: ['{name}：核定金额（元，最高 {cap}）', '{name}: approved (yuan, at most {cap})'],
  approvedAmountsNote: ['留空即按上限核定。', 'Left empty, the cap is approved.'],
  recommendation: ['（区级推荐，市级审批）', '(district recommendation; the municipality decides)'],
  superseded: ['被替代的资格', 'Grants replaced'],
  issuedCredential: ['签发的凭证', 'Credential issued'],
  validDays: ['有效天数', 'Valid for (days)'],
  followers: ['粉丝数', 'Followers'],
  percentile: ['平台百分位', 'Platform percentile'],
  officeTitle: ['本机构', 'This office'],
  qrAlt: ['核验二维码', 'Verification QR code'],
  notPresentableREVOKED: ['此凭证已撤销，不能出示。', 'This credential is revoked and cannot be presented.'],
  notPresentableSUSPENDED: ['此凭证已暂停，恢复前不能出示。', 'This credential is suspended: it cannot be presented until reinstated.'],
  notPresentableEXPIRED: ['此凭证已过期，请联系签发机构续期。', 'This credential has expired: ask its issuer to renew it.'],
  registerCreator: ['登记创作者', 'Register a creator'],
  creatorName: ['姓名或名称', 'Name'],
  creatorKind: ['类型', 'Kind'],
  identityForm: ['身份形态', 'Identity form'],
  addPlatformAccount: ['登记平台账号（本机构核实）', 'Add a platform account (attested by this office)'],
  platform: ['平台', 'Platform'],
  handle: ['账号', 'Handle'],
  measuredOn: ['统计日期', 'Measured on'],
  addWork: ['登记作品', 'Add a work'],
  workTitle: ['作品名称', 'Title'],
  workType: ['作品类型', 'Type of work'],
  workUrl: ['作品链接', 'Link'],
  publishedOn: ['发布日期', 'Published on'],
  works: ['作品', 'Works'],
  recordCreatorFacts: ['记录资格事实', 'Record eligibility facts'],
  hukouCity: ['户籍所在地代码（如 310000）', 'Hukou division code (e.g. 310000)'],
  lawfulResidenceCity: ['合法居住地代码', 'Lawful residence division code'],
  employerCity: ['用人单位所在地代码', "Employer's division code"],
  employerOnKeyList: ['用人单位在重点名单内', 'Employer on the key list'],
  annualSalary: ['年薪（元）', 'Annual salary (yuan)'],
  yearsOfExperience: ['从业年限', 'Years of experience'],
  monthsRegion: ['在区工作地区', 'District worked in'],
  monthsInDistrict: ['每年在区月数', 'Months a year in the district'],
  factsNote: ['只记录填写的项；留空的项保持不变。', 'Only what is filled in is recorded; empty fields stay as they are.'],
  notGiven: ['（不填）', '(not given)'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  renewCredential: ['续期', 'Renew'],
  amendCredential: ['更正重签', 'Amend and reissue'],
  confirmReissue: [
    '将签发新凭证，原凭证随即作废（撤销）。继续吗？',
    'A new credential will be issued and this one revoked at once. Continue?',
  ],
  reissued: ['已签发新凭证，原凭证已作废', 'A new credential was issued; this one is revoked'],
  filingsTitle: ['评价机构备案', 'Evaluation filings'],
  fileFiling: ['新增备案', 'File a filing'],
  institution: ['评价机构', 'Evaluation institution'],
  filingScope: ['备案范围', 'Scope'],
  provinceCode: ['省级代码（两位，如 31）', 'Province code (two digits, e.g. 31)'],
  institutionCategory: ['机构类别', 'Category'],
  institutionCode: ['机构代码（四位）', 'Institution code (four characters)'],
  siteSerial: ['站点编号（六位）', 'Site serial (six digits)'],
  filingReference: ['备案文号', 'Filing reference'],
  suspendFiling: ['暂停备案', 'Suspend'],
  reinstateFiling: ['恢复备案', 'Reinstate'],
  withdrawFiling: ['撤回备案', 'Withdraw'],
  renewFiling: ['续期至', 'Renew until'],
  confirmWithdrawFiling: ['撤回后该备案不能再签发证书，且不可恢复。继续吗？', 'A withdrawn filing records no more certificates and cannot be reinstated. Continue?'],
  history: ['历史记录', 'History'],
  historyShow: ['查看历史', 'Show history'],
  historyHide: ['收起历史', 'Hide history'],
  historyEmpty: ['暂无历史记录', 'No history recorded'],
  queuesTitle: ['今日待办', 'Waiting for this office'],
  queuesRefresh: ['刷新待办', 'Refresh the queues'],
  queueEmpty: ['没有待办事项', 'Nothing waiting'],
  queueMore: ['，显示前 {shown} 项', ', the first {shown} shown'],
  queue_awardsToVerify: ['待核验的获奖申报', 'Award claims to verify'],
  queue_provisionalDue: ['14 天内到期的容缺材料', '容缺 documents due within 14 days'],
  queue_credentialsExpiring: ['30 天内到期的凭证', 'Credentials expiring within 30 days'],
  queue_recognitionsPending: ['待认定的申请', 'Recognition applications pending'],
  dueOn: ['材料截止 {day}', 'documents due {day}'],
  expiresOn: ['有效期至 {day}', 'valid until {day}'],
  figuresTitle: ['近12个月统计', 'The last 12 months'],
  figuresCsv: ['下载统计 CSV', 'Download the figures (CSV)'],
  figuresRefresh: ['刷新统计', 'Refresh the figures'],
  figuresDecisions: ['资格决定（按政策与档次）', 'Decisions by programme and tier'],
  figuresPurposes: ['合作方核验（按用途）', 'Partner verifications by purpose'],
  measure_recognitions: ['创作者认定', 'Recognitions'],
  measure_awardsVerified: ['核验通过的获奖', 'Awards verified'],
  measure_certificates: ['技能等级证书', 'Skill certificates'],
  measure_decisions: ['资格决定', 'Eligibility decisions'],
  measure_credentialsIssued: ['签发的凭证', 'Credentials issued'],
  measure_credentialsSuspended: ['暂停的凭证', 'Credentials suspended'],
  measure_credentialsRevoked: ['撤销的凭证', 'Credentials revoked'],
  exportTitle: ['导出', 'Export'],
  exported: ['已导出（已记入审计日志）', 'Exported (recorded in the audit log)'],
  table_creators: ['创作者', 'Creators'],
  table_certificates: ['证书', 'Certificates'],
  table_credentials: ['凭证', 'Credentials'],
  table_decisions: ['资格决定', 'Decisions'],
  rosterTitle: ['导入考试名册', 'Import an exam roster'],
  rosterFile: ['名册文件（CSV 或 XLSX）', 'Roster file (CSV or XLSX)'],
  rosterCheck: ['检查（不写入）', 'Check (writes nothing)'],
  rosterConfirm: ['确认导入', 'Import'],
  chooseFile: ['请先选择文件', 'Choose a file first'],
  rosterChecked: [
    '共 {rows} 行：{valid} 行可导入，{already} 行已有记录，{refused} 行被拒绝。尚未写入。',
    '{rows} rows: {valid} can be imported, {already} already on record, {refused} refused. Nothing written yet.',
  ],
  rosterWritten: [
    '已导入 {recorded} 份证书（共 {rows} 行，{already} 行已有记录，{refused} 行被拒绝）。',
    '{recorded} certificates imported ({rows} rows, {already} already on record, {refused} refused).',
  ],
  rowNumber: ['行', 'Row'],
  fieldName: ['字段', 'Field'],
  lookupTitle: ['证书查询', 'Certificate lookup'],
  lookupIntro: [
    '输入证书编号（或凭证编号）和持证人全名，查询证书是否真实有效。只返回脱敏信息。',
    'Enter a certificate number (or credential id) and the holder\'s full name to check that it is genuine and in force. Only masked details are shown.',
  ],
  lookupNumber: ['证书编号或凭证编号', 'Certificate number or credential id'],
  lookupHolder: ['持证人姓名（全名）', "Holder's full name"],
  lookupAsk: ['查询', 'Look up'],
  lookupWhat: ['内容', 'What'],
  lookupLevel: ['等级或等次', 'Level or grade'],
  lookupVALID: ['有效', 'Valid'],
  lookupSUSPENDED: ['已暂停', 'Suspended'],
  lookupREVOKED: ['已撤销', 'Revoked'],
  lookupEXPIRED: ['已过期', 'Expired'],
  lookupNOT_FOUND: ['未查到：编号与姓名不匹配或不存在', 'Not found: no such number for this name'],
  lookupThrottled: ['查询过于频繁，请稍后再试', 'Too many lookups: try again in a moment'],
};

export function getLang() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(stored)) return stored;
  } catch {
    // Storage can be off (private mode); the default language still works.
  }
  return 'zh-CN';
}

export function setLang(lang) {
  const chosen = LANGUAGES.includes(lang) ? lang : 'zh-CN';
  try {
    localStorage.setItem(STORAGE_KEY, chosen);
  } catch {
    // Not remembered, but still applied to this page.
  }
  document.documentElement.lang = chosen;
  return chosen;
}

function pick(pair, lang) {
  return lang === 'en' ? pair[1] : pair[0];
}

/** A UI string, with {name} placeholders filled from `params`. */
export function t(key, params = {}, lang = getLang()) {
  const pair = MESSAGES[key];
  const text = pair ? pick(pair, lang) : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

const VOCABULARY = {
  ...SKILL_LEVELS, ...AWARD_LEVELS, ...GRADES, ...TIERS, ...DIRECTIONS, ...ID_DOCUMENT_TYPES,
};

/** The label of a level, grade, tier or direction code (as signing.vocabulary.label). */
export function label(code, lang = getLang()) {
  if (code === null || code === undefined) return null;
  const key = DIRECTION_CODES[code] ?? code;
  const found = VOCABULARY[key];
  return found ? pick(found, lang) : String(code);
}

/** Look `code` up in one of the tables above; unknown codes come back unchanged. */
export function labelIn(table, code, lang = getLang()) {
  if (code === null || code === undefined) return null;
  const found = table[code];
  return found ? pick(found, lang) : String(code);
}

export function kindLabel(kind, lang = getLang()) {
  return labelIn(KINDS, kind, lang);
}

/** {verdict, word, detail, tone} for a verification result code (null = valid). */
export function verdictFor(code, lang = getLang()) {
  if (code === null || code === undefined) {
    const [zh, en, tone] = VERDICTS.valid;
    return { verdict: 'valid', word: lang === 'en' ? en : zh, detail: '', tone };
  }
  const entry = CODES[code] ?? ['cannotCheck', code, code];
  const [zh, en, tone] = VERDICTS[entry[0]];
  return {
    verdict: entry[0],
    word: lang === 'en' ? en : zh,
    detail: lang === 'en' ? entry[2] : entry[1],
    tone,
  };
}

/** Fill every element carrying data-i18n (text), -placeholder, -label or -alt. */
export function applyTranslations(root = document, lang = getLang()) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n, {}, lang);
  }
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) {
    element.placeholder = t(element.dataset.i18nPlaceholder, {}, lang);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel, {}, lang));
  }
  for (const element of root.querySelectorAll('[data-i18n-alt]')) {
    element.alt = t(element.dataset.i18nAlt, {}, lang);
  }
}

/** A date-time in the reader's language, in China Standard Time. */
export function formatTime(value, lang = getLang()) {
  if (value === null || value === undefined) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Shanghai',
  }).format(date);
}

export function formatDate(value, lang = getLang()) {
  if (value === null || value === undefined) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'long',
    timeZone: 'Asia/Shanghai',
  }).format(date);
}
