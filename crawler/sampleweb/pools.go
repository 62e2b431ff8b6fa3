package sampleweb

// Word pools for the generated sites. They are what Zhengzhou government pages
// talk about; the combinations, not the words, are random.

var projects = []string{
	"安置房建设项目", "道路改造工程", "污水管网改造工程", "中学新建工程", "棚户区改造项目",
	"公园提升工程", "保障性住房项目", "产业园标准化厂房项目", "老旧小区改造工程", "雨污分流工程",
}

var companies = []string{
	"河南建业建筑工程有限公司", "郑州中原路桥建设有限公司", "河南省宏达市政工程有限公司",
	"郑州恒信建设集团有限公司", "河南天晟建筑劳务有限公司", "郑州华瑞园林绿化有限公司",
	"河南鼎盛装饰工程有限公司", "郑州新城物业服务有限公司", "河南润泽环保科技有限公司",
}

var parties = []string{
	"郑州市某餐饮管理有限公司", "河南某商贸有限公司", "郑州某超市有限公司", "某建材经营部",
	"郑州某汽车服务有限公司", "河南某医药连锁有限公司", "郑州某教育咨询有限公司", "某便利店",
}

var services = []string{"不动产登记", "营业执照变更", "社保关系转移", "公积金提取", "施工许可证", "户籍迁移", "低保申请", "残疾人补贴申领"}

var bureaus = []string{"住房和城乡建设局", "财政局", "人力资源和社会保障局", "市场监督管理局", "城市管理局", "教育局", "自然资源局", "民政局"}

var violations = []string{
	"未按规定公示食品经营许可证", "销售过期食品", "未取得许可擅自从事经营活动", "虚假宣传",
	"未按规定进行消防安全检查", "违规占用城市道路", "超标排放大气污染物", "未按规定明码标价",
}

var permits = []string{"食品经营许可", "建设工程规划许可", "建筑工程施工许可", "排水许可", "占用挖掘道路许可", "户外广告设置许可"}

// complaintKinds are the 12345 message templates: a title and a body with
// {unit}, {place}, {project}, {company}, {service}, {bureau}, {n}, {amount}, {month}.
var complaintKinds = []struct {
	Title, Body string
	Praise      bool
	Topic       string // an evaluator's label for the message, for classifier tests
}{
	{"{place}{project}拖欠农民工工资{n}个月", "我们是在{unit}{place}{project}干活的农民工，一共{n}十多人。总包单位{company}自{month}起一直拖欠我们的工资，共计{amount}万元。多次到{unit}{bureau}反映，一直说在协调，到现在一分钱都没拿到，马上过年了，恳请领导督促解决。", false, "拖欠工资"},
	{"{unit}拖欠{company}工程款迟迟不付", "{company}承建的{unit}{project}已于去年竣工验收，{unit}政府一直拖欠工程款{amount}万元未支付，企业多次催要，{bureau}答复资金紧张，导致企业无法给工人发工资，希望政府守信履约。", false, "拖欠工程款"},
	{"{unit}招商引资承诺的优惠政策不兑现", "我公司是{unit}招商引资引进的企业，签约时{unit}承诺给予厂房租金补贴和税收奖励，协议写得清清楚楚。现在换了领导，补贴{amount}万元迟迟不兑现，相关部门互相推诿，请问政府的承诺还算不算数？", false, "招商承诺"},
	{"{unit}政务服务中心办理{service}被多次推诿", "本人在{unit}政务服务中心办理{service}，材料齐全，窗口工作人员让我来回跑了{n}趟，一会儿说系统故障，一会儿说要找{bureau}开证明，办事效率太低，服务承诺形同虚设。", false, "办事推诿"},
	{"{place}便民服务中心工作人员不作为", "{unit}{place}便民服务中心工作时间经常没人，打电话也不接，办理{service}要求提供各种证明，明显是推诿扯皮，请上级部门查处这种懒政怠政行为。", false, "基层服务"},
	{"{unit}{bureau}采购项目尾款拖欠一年多", "我公司中标{unit}{bureau}的政府采购项目，货物已于{month}交付并验收合格，合同约定验收后30日内支付尾款{amount}万元，至今已过去一年多，采购人以各种理由拖延付款。", false, "采购欠款"},
	{"{unit}{project}保证金到期不退还", "{company}参与{unit}{project}投标并缴纳投标保证金和履约保证金共{amount}万元，项目早已完工，保证金到期后{unit}{bureau}一直不予退还。", false, "保证金"},
	{"感谢{unit}{place}工作人员高效办理{service}", "前几天到{unit}{place}便民服务中心办理{service}，工作人员热情周到，一次就办好了，还主动上门帮助行动不便的老人，为{unit}的服务点赞！", true, "表扬服务"},
	{"表扬{unit}{bureau}及时帮我们讨回工资", "我们在{unit}{project}务工，工资被拖欠后向{unit}{bureau}反映，工作人员第二天就到工地协调，一周内全部工资发放到位，感谢政府为农民工办实事。", true, "表扬讨薪"},
}

// newsKinds are government news templates; Polarity is how the item reflects
// on {unit}: -1 a 通报 of 政务失信, 1 a commendation, 0 neutral.
var newsKinds = []struct {
	Title, Body string
	Polarity    int
}{
	{"市政府督查室关于{unit}拖欠企业账款问题的通报", "近期，市政府督查室对各县（市、区）清理拖欠民营企业中小企业账款情况进行了专项督查。经查，{unit}存在拖欠{company}等企业工程款{amount}万元、承诺还款期限多次逾期等问题，严重损害政府公信力。现予以通报批评，责令{unit}限期整改，并将整改情况报市政府。", -1},
	{"关于{unit}统计数据弄虚作假问题的通报", "经市统计局执法检查，{unit}部分乡镇（街道）在经济普查工作中存在虚报、瞒报统计数据问题，违反《中华人民共和国统计法》。市政府决定对{unit}予以通报批评，相关责任人依法依规追究责任。", -1},
	{"{unit}行政诉讼案件败诉情况通报", "{month}，{unit}共有{n}件行政诉讼案件被法院判决败诉，败诉原因主要为程序违法和超越职权。{unit}司法局要求各部门认真分析原因，提高依法行政水平。", -1},
	{"{unit}获评全市政务诚信建设示范单位", "日前，市社会信用体系建设工作领导小组公布了政务诚信建设示范单位名单，{unit}因政务公开、守信践诺工作成效突出获评示范单位。近年来，{unit}建立政务服务承诺制度，按期兑现率达到百分之百。", 1},
	{"{unit}全面清偿拖欠农民工工资", "记者从{unit}获悉，{unit}开展根治拖欠农民工工资专项行动，截至{month}底，已督促{n}个项目结清拖欠农民工工资{amount}万元，经核实不存在新增拖欠问题。", 1},
	{"{unit}召开政务公开工作推进会", "{unit}召开政务公开工作推进会，传达学习全市政务公开工作会议精神，部署下一阶段重点任务，要求各部门按照规定做好行政许可、行政处罚信息“双公示”工作。", 0},
}
