"""Texts for the training demo: program names in the ten languages, organizations, questions."""

PASSPORT_CLASS_NAMES = {
    "zh-hans": "因公护照业务网上培训",
    "en": "Public-affairs passport online class",
    "ko": "공무 여권 업무 온라인 교육",
    "ja": "公用旅券業務オンライン研修",
    "de": "Online-Schulung zu Dienstpässen",
    "fr": "Formation en ligne sur les passeports de service",
    "ru": "Онлайн-курс по служебным паспортам",
    "es": "Clase en línea sobre pasaportes oficiales",
    "ar": "دورة إلكترونية حول جوازات السفر الرسمية",
    "pt": "Aula online sobre passaportes oficiais",
}
PASSPORT_CLASS_DESCRIPTIONS = {
    "zh-hans": "面向全市因公出国（境）管理专管员：2019年出国专项检查发现的问题，“任务审批与护照申办并行”“工作调动护照移交”等便利措施，实时答疑。",
    "en": "For the liaison officers who manage official trips abroad: issues found in the 2019 inspections, the new "
    "measures (passport application in parallel with task approval, passport handover on job transfer), live Q&A.",
}

COMPETENCE_NAMES = {
    "zh-hans": "2024年提升国际交往中心建设能力干部培训班",
    "en": "2024 Officials' Training Program on International Competence",
    "ko": "2024년 국제교류센터 건설 역량 간부 연수",
    "ja": "2024年国際交流センター建設能力幹部研修",
    "de": "Fortbildung 2024: Internationale Kompetenz für Führungskräfte",
    "fr": "Programme 2024 de formation des cadres aux compétences internationales",
    "ru": "Программа 2024 года: международная компетентность руководителей",
    "es": "Programa 2024 de formación de funcionarios en competencia internacional",
    "ar": "برنامج 2024 لتدريب المسؤولين على الكفاءة الدولية",
    "pt": "Programa 2024 de formação de quadros em competência internacional",
}
COMPETENCE_DESCRIPTIONS = {
    "zh-hans": "专题讲座、重大国事活动场馆现场教学、分组研讨与结业交流。",
    "en": "Lectures by scholars and diplomats, site visits to the venues of major state events, group discussions "
    "and a closing ceremony.",
}

PASSPORT_SESSION_TITLES = {
    "zh-hans": "因公护照业务讲解与答疑",
    "en": "Public-affairs passports: briefing and live Q&A",
    "ko": "공무 여권 업무 설명 및 실시간 질의응답",
    "ja": "公用旅券業務の説明とライブ質疑応答",
    "de": "Dienstpässe: Einführung und Live-Fragerunde",
    "fr": "Passeports de service : présentation et questions en direct",
    "ru": "Служебные паспорта: разъяснения и вопросы в прямом эфире",
    "es": "Pasaportes oficiales: explicación y preguntas en directo",
    "ar": "جوازات السفر الرسمية: شرح وأسئلة مباشرة",
    "pt": "Passaportes oficiais: apresentação e perguntas ao vivo",
}

ABTC_NAMES = {
    "zh-hans": "APEC商务旅行卡业务网上培训",
    "en": "APEC Business Travel Card online class",
    "ko": "APEC 기업인 여행카드 업무 온라인 교육",
    "ja": "APECビジネス・トラベル・カード業務オンライン研修",
    "de": "Online-Schulung zur APEC Business Travel Card",
    "fr": "Formation en ligne sur la carte de voyage d'affaires APEC",
    "ru": "Онлайн-курс по карте деловых поездок АТЭС",
    "es": "Clase en línea sobre la Tarjeta de Viaje de Negocios APEC",
    "ar": "دورة إلكترونية حول بطاقة سفر رجال الأعمال لأبيك",
    "pt": "Aula online sobre o Cartão de Viagem de Negócios da APEC",
}
ABTC_SESSION_TITLES = {
    "zh-hans": "APEC商务旅行卡申办讲解",
    "en": "Applying for the APEC Business Travel Card",
    "ko": "APEC 기업인 여행카드 신청 안내",
    "ja": "APECビジネス・トラベル・カードの申請について",
    "de": "Die APEC Business Travel Card beantragen",
    "fr": "Demander la carte de voyage d'affaires APEC",
    "ru": "Как оформить карту деловых поездок АТЭС",
    "es": "Cómo solicitar la Tarjeta de Viaje de Negocios APEC",
    "ar": "طلب بطاقة سفر رجال الأعمال لأبيك",
    "pt": "Como pedir o Cartão de Viagem de Negócios da APEC",
}
TRIPS_NAMES = {"zh-hans": "出国（境）管理实务培训", "en": "Managing overseas trips: practical course"}
BRIEFING_NAMES = {"zh-hans": "2027年因公出国政策解读会", "en": "2027 official travel policy briefing"}
LANGUAGE_NAMES = {"zh-hans": "外事接待英语提升班", "en": "English for foreign-affairs receptions"}

# Organizations the participants come from: (name, English name, kind), placed under the
# demo city's districts and commissions.
DISTRICTS = [
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "门头沟区",
    "房山区",
    "通州区",
    "顺义区",
    "昌平区",
    "大兴区",
    "怀柔区",
    "平谷区",
    "密云区",
    "延庆区",
]
DISTRICTS_EN = [
    "Dongcheng",
    "Xicheng",
    "Chaoyang",
    "Haidian",
    "Fengtai",
    "Shijingshan",
    "Mentougou",
    "Fangshan",
    "Tongzhou",
    "Shunyi",
    "Changping",
    "Daxing",
    "Huairou",
    "Pinggu",
    "Miyun",
    "Yanqing",
]
DISTRICT_UNITS = [
    ("外事办公室", "Foreign Affairs Office", "fao"),
    ("商务局", "Commerce Bureau", "commission"),
    ("教育委员会", "Education Commission", "commission"),
    ("卫生健康委员会", "Health Commission", "commission"),
    ("建外街道办事处", "Street Office", "government"),
]
COMMISSIONS = [
    ("市发展和改革委员会", "Development and Reform Commission"),
    ("市经济和信息化局", "Economy and Information Bureau"),
    ("市财政局", "Finance Bureau"),
    ("市规划和自然资源委员会", "Planning Commission"),
    ("市住房和城乡建设委员会", "Housing Commission"),
    ("市农业农村局", "Agriculture Bureau"),
    ("市体育局", "Sports Bureau"),
    ("市统计局", "Statistics Bureau"),
    ("市国资委", "State Assets Commission"),
    ("市生态环境局", "Ecology Bureau"),
    ("市民政局", "Civil Affairs Bureau"),
    ("市司法局", "Justice Bureau"),
    ("市地方金融管理局", "Financial Supervision Bureau"),
    ("市知识产权局", "Intellectual Property Office"),
    ("市文物局", "Cultural Heritage Bureau"),
    ("市园林绿化局", "Landscaping Bureau"),
]
UNIVERSITIES = [
    ("城市师范大学", "City Normal University"),
    ("城市工商大学", "City Technology and Business University"),
    ("城市联合大学", "City Union University"),
    ("城市建筑大学", "City University of Architecture"),
    ("城市信息科技大学", "City Information Science University"),
    ("城市体育学院", "City Sport University"),
    ("城市电影学院", "City Film Academy"),
    ("城市舞蹈学院", "City Dance Academy"),
]
ENTERPRISES = [
    ("中国银行城市分行", "Bank of China City Branch", "soe"),
    ("首都旅游集团", "Capital Tourism Group", "soe"),
    ("城市控股集团", "City Holding Group", "soe"),
    ("城市汽车集团", "City Automotive Group", "soe"),
    ("城市建工集团", "City Construction Group", "soe"),
    ("城市同仁堂", "City Tongrentang", "soe"),
    ("城市首农食品集团", "City Food Group", "soe"),
    ("城市京能集团", "City Energy Holding", "soe"),
    ("城市国际会议中心", "City International Convention Center", "soe"),
    ("城市科学院", "City Academy of Sciences", "other"),
]
HOSPITALS = [
    ("市朝阳医院", "Chaoyang Hospital"),
    ("市友谊医院", "Friendship Hospital"),
    ("市同仁医院", "Tongren Hospital"),
    ("市儿童医院", "Children's Hospital"),
    ("市安贞医院", "Anzhen Hospital"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文",
    "华",
    "红",
    "玲",
    "鹏",
    "辉",
    "宇",
    "晨",
    "欣",
    "佳",
    "博",
    "婷",
    "浩",
    "雪",
    "琳",
]

# (question, answer or None, answered by voice) for the passport class.
PASSPORT_QUESTIONS = [
    (
        "任务审批和护照申办可以同时进行吗？",
        "可以。出访任务报批的同时即可提交护照申办，审批通过后直接出证，不必等批件下达再申请。",
        False,
    ),
    (
        "工作调动时，原单位保管的因公护照怎么移交？",
        "由原单位专管员在系统中发起移交，新单位专管员确认接收，护照原件随档案一并交接，无需重新申办。",
        False,
    ),
    (
        "出国任务结束后多长时间内要交回护照？",
        "回国后7日内交回专管员统一保管，逾期未交的将影响本单位后续出访审批。",
        False,
    ),
    (
        "因公护照有效期还剩不到6个月，还能用吗？",
        "多数国家要求护照有效期在6个月以上，请提前申请换发；换发可与任务审批并行办理。",
        False,
    ),
    (
        "新成立的单位如何进行专管员备案？",
        "机构改革后新设单位凭设立文件和专管员任命文件到市外办备案，开通系统账号后即可办理业务。",
        False,
    ),
    ("护照遗失了应该怎么办？", "立即报告本单位和市外办，登报声明作废，并书面说明情况后申请补办。", False),
    ("同一团组成员的签证可以一起送签吗？", "可以。系统按团组生成送签清单，专管员一次提交即可。", False),
    ("APEC商务旅行卡由哪里受理？", "由市外办受理，后续将专门开设网上培训讲解办理流程。", False),
    ("专管员变更需要哪些材料？", "单位变更函、新专管员任命文件和培训合格证明，在系统中提交即可。", False),
    ("因私护照能否用于因公出访？", "不能。因公出访须持因公护照，特殊情况须事先报批。", False),
    ("2019年专项检查主要发现了哪些问题？", None, True),
    ("护照过期后，旧护照需要交回吗？", "需要交回专管员，由市外办统一注销、留存。", False),
    ("临时出访任务，最快多长时间能办好护照？", "材料齐全的情况下，与审批并行办理约5个工作日。", False),
    ("退休人员持有的因公护照如何处理？", "退休后由原单位收回并报市外办注销。", False),
    ("多个出访国家的签证顺序有要求吗？", None, True),
    ("网上培训的课件在哪里下载？", "已上传至本课程“资料”栏目，确认报名的学员可以下载。", False),
    ("专管员可以同时管理下属单位的护照吗？", "可以，系统按组织树授权，上级单位专管员可查看下属单位的情况。", False),
    (
        "出访审批批件是电子版吗？怎么验证真伪？",
        "批件为带电子签章的PDF，扫描二维码或在验证页面上传文件即可核验。",
        False,
    ),
    ("护照照片有什么要求？", "近6个月内白底证件照，与身份证件信息一致；已在材料库中的照片可直接复用。", False),
    ("因公出访可以顺访其他国家吗？", None, True),
    ("团组人数有上限吗？", "按照出访任务规定执行，一般不超过6人。", False),
    ("签证被拒签后能否重新申请？", "可以，须重新提交材料，建议先咨询签证官了解原因。", False),
    ("办理进度在哪里查看？", "登录平台即可在案件时间线上查看每一步的办理情况，也会收到短信和站内通知。", False),
    ("专管员培训是否有结业证书？", "出勤达到要求的学员将获得带电子签章、可在线验证的培训证书。", False),
    ("可以帮其他单位的同事报名吗？", None, False),
    ("培训回放在哪里看？", None, False),
    ("出访人员的身份证号在批件上会显示吗？", "不会完整显示，证件号码一律脱敏。", False),
    ("企业员工出差可以申请因公护照吗？", "受委托管理的单位（如中国银行城市分行）员工按规定可以申请。", False),
]

COMPETENCE_QUESTIONS = [
    ("如何把讲座内容运用到本部门的外事接待中？", "建议结合部门接待案例，在分组研讨中形成工作清单。", False),
    ("雁栖湖参观的集合时间和地点？", "上午8:00在市外办南门集合，统一乘车前往。", False),
    ("国际传播课程的课件能否共享？", "经授课专家同意后已上传资料栏目。", False),
]

SURVEY_QUESTIONS = [
    {"kind": "rating", "prompts": {"zh-hans": "您对本次培训的总体评价", "en": "Overall, how useful was the training?"}},
    {
        "kind": "choice",
        "prompts": {"zh-hans": "最有帮助的内容", "en": "What helped you most?"},
        "choices": [
            {"zh-hans": "审批与护照申办并行", "en": "Parallel approval and passport application"},
            {"zh-hans": "工作调动护照移交", "en": "Passport handover on job transfer"},
            {"zh-hans": "专项检查问题讲解", "en": "Findings of the inspections"},
            {"zh-hans": "实时答疑", "en": "Live Q&A"},
        ],
    },
    {"kind": "text", "prompts": {"zh-hans": "您的建议", "en": "Your suggestions"}, "required": False},
]
SURVEY_COMMENTS = [
    "内容实用，解决了实际问题。",
    "希望多举办类似培训。",
    "答疑很及时。",
    "建议提供回放。",
    "手机上参加很方便。",
    "希望增加APEC商务旅行卡的内容。",
]
