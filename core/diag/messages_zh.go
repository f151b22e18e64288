package diag

import (
	"strconv"
	"strings"
)

// Simplified Chinese messages, one per code.
//
// A diagnostic's English message is written where the problem is found and
// says exactly what is wrong and what to write instead; translating every
// such sentence would mean a second copy of every validator's wording. So the
// other language is keyed by code, as the brief for stable codes intends: the
// Chinese text says what kind of problem this is (it follows the code's
// registry title), and Localize appends the values the English message quotes
// ("…", as Go's %q writes them: the user's value, and often the fix or an
// example), so the reader still sees which value is meant. The full English
// message travels beside it as the detail.
var zhMessages = map[Code]string{
	// Input as a whole.
	DocumentTooLarge: "文档超过了核心可接受的大小",
	// codes_input.go
	DocumentReplacementChar: "这里是替换字符 U+FFFD：原文的 UTF-8 无效或代理对只有一半，发送的将是它（EF BF BD），请重新输入原本的字符",
	DiagnosticsTruncated:    "问题太多，只列出了前面的一部分；请先修正这些，再检查一次",
	DocumentEmpty:           "文档为空",
	Unsupported:             "暂不支持这一服务商 × 文档 × 格式的组合",

	// JSON.
	JSONSyntax:       "文本不是有效的 JSON",
	JSONTrailing:     "JSON 值之后还有多余的内容",
	JSONTooDeep:      "JSON 嵌套层级过深，超出任何配置所需",
	JSONInvalidUTF8:  "文本不是有效的 UTF-8，请以 UTF-8 保存或粘贴",
	JSONDuplicateKey: "同一对象中的键出现了两次，请只保留一个",
	JSONUnknownKey:   "服务商不认识的键（服务会忽略或拒绝它）",
	JSONKeyCase:      "已知的键大小写写错了",
	JSONWrongType:    "值的 JSON 类型不对",

	// XML.
	XMLSyntax:      "文本不是格式正确的 XML",
	XMLDoctype:     "含有 DOCTYPE 或实体声明，服务会拒绝",
	XMLTooDeep:     "XML 嵌套层级过深，超出任何配置所需",
	XMLTrailing:    "根元素之后还有多余的内容",
	XMLUnknownElem: "服务商不认识的元素",
	XMLElementCase: "已知的元素大小写写错了",
	XMLMissingElem: "缺少必需的元素",
	XMLDuplicate:   "只能出现一次的元素出现了两次",
	XMLWrongValue:  "元素的文本不是预期的类型（数字或枚举值）",
	XMLNamespace:   "意外的 XML 命名空间",

	// CORS.
	CORSRulesMissing:      "配置中没有 CORS 规则，请至少添加一条包含来源和方法的规则",
	CORSOriginMissing:     "CORS 规则没有允许的来源",
	CORSOriginWildcards:   "允许的来源含有多个 '*'，最多只能有一个",
	CORSOriginInvalid:     "允许的来源为空或格式错误，请写出协议和主机",
	CORSMethodsMissing:    "CORS 规则没有允许的方法",
	CORSMethodUnknown:     "服务商不接受这个允许的方法",
	CORSMethodDuplicate:   "允许的方法重复列出，请删除一个",
	CORSHeaderInvalid:     "头部名称含有 HTTP 不允许的字符",
	CORSHeaderWildcards:   "头部名称含有多个 '*'，最多只能有一个",
	CORSMaxAgeNegative:    "max age 为负数，请写大于等于 0 的秒数",
	CORSRespVaryInvalid:   "resp_vary 只能是 \"enabled\" 或 \"disabled\"",
	CORSRespVarySpelling:  "resp_vary 写成了文档示例中的 \"enable\"，应为 \"enabled\"",
	CORSAnyOriginWrite:    "任何来源都可以从浏览器发送写请求（PUT/POST/DELETE），请只列出需要的站点",
	CORSExposeETagMissing: "允许了 PUT/POST 却未暴露 ETag：浏览器上传读不到它，请把 \"ETag\" 加入暴露的头部",
	CORSTooManyRules:      "CORS 规则数量超过了服务商的上限",
	CORSEmptyHeaderEntry:  "头部名称为空，请删除或写上名称",
	CORSExposeWildcard:    "暴露的头部不支持 '*'，请逐个列出页面需要读取的头部",
	CORSMaxAgeTooLarge:    "max age 超出了服务商 API 能容纳的范围",
	CORSIDTooLong:         "规则 ID 超过了服务商允许的长度",
	CORSBodyTooLarge:      "配置的请求体超过了服务商允许的大小",

	// Bucket policy.
	PolicyLeadingText:       "策略的 '{' 之前还有内容（S3 要求它是第一个字节）",
	PolicyTooLarge:          "策略超过了服务商允许的大小",
	PolicyFieldTooLong:      "策略中的某个元素超过了服务商允许的长度",
	PolicyVersionMissing:    "策略没有版本",
	PolicyVersionInvalid:    "服务商不接受这个策略版本",
	PolicyVariablesVersion:  "使用 ${aws:username} 之类的策略变量需要 Version 2012-10-17",
	PolicyStatementMissing:  "策略没有语句",
	PolicySidMissing:        "语句没有 ID",
	PolicySidDuplicate:      "两条语句的 ID 相同",
	PolicyEffectMissing:     "语句没有效力（effect）",
	PolicyEffectInvalid:     "效力只能是 allow 或 deny",
	PolicyElementConflict:   "同一语句中同时出现了某个元素和它的 Not… 形式",
	PolicyPrincipalMissing:  "语句没有指定主体（principal）",
	PolicyPrincipalInvalid:  "服务商不接受这个主体",
	PolicyActionMissing:     "语句没有操作（action）",
	PolicyActionInvalid:     "操作缺少服务商的前缀、属于其他服务或格式错误",
	PolicyActionUnknown:     "服务商没有定义这个操作",
	PolicyResourceMissing:   "语句没有资源（resource）",
	PolicyResourceInvalid:   "资源没有指向这类存储桶或对象",
	PolicyResourceBuckets:   "资源指向了不止一个存储桶",
	PolicyActionResource:    "操作不适用于语句中的任何资源",
	PolicyOperatorUnknown:   "服务商没有定义这个条件运算符",
	PolicyConditionKey:      "服务商没有定义这个条件键",
	PolicyConditionValue:    "条件值无法用它的运算符比较（IP、数字、日期、布尔值）",
	PolicyConditionWildcard: "通配所有操作时使用了只属于特定请求的条件键",
	PolicyPublicWrite:       "所有人（包括匿名用户）都可以写入、删除或修改权限",
	PolicyPublicList:        "所有人（包括匿名用户）都可以列出存储桶",
	PolicyAllowNotPrincipal: "Allow 搭配 NotPrincipal 会授权给所有未列出的主体",
	PolicyAllowNotAction:    "Allow 搭配 NotAction 会授权所有未列出的操作",
	PolicyAllowNotResource:  "Allow 搭配 NotResource 会授权所有未列出的资源",

	// ACL.
	ACLOwnerMissing:         "ACL 请求体没有带 <ID> 的 <Owner>",
	ACLOwnerIDInvalid:       "所有者 ID 不符合服务商的 ID 格式",
	ACLGrantsMissing:        "ACL 请求体缺少服务商要求的授权（grant）",
	ACLEmpty:                "ACL 没有授予任何权限：只有所有者保有访问权",
	ACLTooManyGrants:        "授权数量超过了服务商的上限",
	ACLGrantDuplicate:       "同一被授权者重复获得了同一权限",
	ACLGranteeMissing:       "授权没有被授权者（grantee）",
	ACLGranteeTypeMissing:   "被授权者没有类型",
	ACLGranteeTypeUnknown:   "服务商没有定义这个被授权者类型",
	ACLGranteeTypeNamespace: "被授权者类型须写成 xsi:type，并声明 XML Schema instance 命名空间",
	ACLGranteeFieldMissing:  "被授权者缺少其类型所需的字段（ID、URI、EmailAddress、id、name）",
	ACLGranteeFieldExtra:    "被授权者含有不属于其类型的字段",
	ACLGranteeIDInvalid:     "被授权者 ID 不符合服务商的 ID 格式",
	ACLGroupUnknown:         "服务商没有定义这个用户组 URI 或名称",
	ACLGranteeDiscontinued:  "服务已不再接受这种被授权者类型（S3 上的电子邮件被授权者）",
	ACLPermissionMissing:    "授权没有权限（permission）",
	ACLPermissionUnknown:    "服务商没有定义这个权限",
	ACLCannedUnknown:        "不是服务商的存储桶预设 ACL 取值之一",
	ACLCannedWithGrants:     "预设 ACL 头部与授权头部同时出现，服务商会拒绝",
	ACLHeadersMissing:       "头部形式既没有预设 ACL，也没有授权头部",
	ACLHeaderSyntax:         "这一行不是 \"Name: value\" 形式的头部",
	ACLHeaderDuplicate:      "ACL 头部写了两次，请只写一次",
	ACLHeaderUnknown:        "服务商没有定义这个类似 ACL 的头部",
	ACLHeaderOtherProvider:  "这是另一家服务商的 ACL 头部",
	ACLHeaderIgnored:        "这个头部不属于 ACL，不会写入请求",
	ACLGrantValueMalformed:  "授权头部的值不是以逗号分隔的 key=\"value\" 对",
	ACLGrantKeyUnknown:      "服务商在授权头部中没有定义这个被授权者键",
	ACLPublicReadWrite:      "预设 ACL 允许互联网上的任何人写入存储桶",
	ACLPublicWrite:          "所有人（AllUsers、QS_ALL_USERS）都可以写入或修改 ACL",
	ACLAuthenticatedWrite:   "服务商的任何已登录用户都可以写入或修改 ACL",

	// Codes of areas still being written are keyed by their stable strings, so that renaming a
	// constant there does not break this file; the test finds stale keys.

	// JSON repairs (codes_repair.go).
	"json-comment":               "JSON 不允许 // 或 /* */ 注释，请删除",
	"json-trailing-comma":        "最后一个成员或元素后面多了逗号，请删除",
	"json-smart-quotes":          "使用了排版引号（“ ” ‘ ’），JSON 需要直的双引号",
	"json-single-quotes":         "字符串用了单引号，JSON 需要双引号",
	"json-unquoted-key":          "键没有加引号（JavaScript 写法），JSON 的键必须是字符串",
	"json-fullwidth-punctuation": "使用了中文输入法的全角 '：' 或 '，'，请改为半角",

	// Policy evaluation (codes_evaluate.go).
	"policy-evaluate-skipped": "无法求值的语句（未知运算符、无有效效力）不参与判定",

	// Conversion (codes_convert.go).
	"convert-id-unmapped":                  "账号或用户 ID 在目标服务商没有对应项，请在 ids 中给出（源 ID → 目标 ID）",
	"convert-owner-missing":                "目标格式需要写明存储桶所有者，请填写所有者 ID",
	"convert-resource-incomplete":          "目标的资源需要存储桶、APPID 或地域，而源文档没有写明，请补上",
	"convert-element-dropped":              "目标没有位置容纳的元素已省略，文档允许的内容不变",
	"convert-cors-origins-split":           "含多个来源的规则已拆成每个来源一条（QingStor 每条只接受一个来源）",
	"convert-cors-method-wildcard":         "方法通配符 \"*\" 已展开为目标列出的五个方法",
	"convert-cors-expose-wildcard":         "目标在暴露的头部中不支持 '*'，已省略",
	"convert-cors-vary":                    "目标决定 Vary: Origin 的方式不同（S3 总是发送；COS 和 QingStor 按设置发送）",
	"convert-cors-rule-id":                 "目标没有位置容纳或只接受更短的规则 ID",
	"convert-cors-max-age":                 "max age 超出目标接受的范围，已调整",
	"convert-cors-too-many-rules":          "CORS 规则数量超过了目标的上限",
	"convert-cors-header-renamed":          "服务商专有的头部名称已改写为目标的对应名称",
	"convert-cors-header-foreign":          "源服务商的头部名称在目标没有对应项，按原样保留",
	"convert-acl-canned-expanded":          "预设 ACL 已展开为它所代表的授权",
	"convert-acl-canned-collapsed":         "授权已合并为与之等价的预设 ACL",
	"convert-acl-canned-unsupported":       "目标没有与之对应的预设 ACL",
	"convert-acl-group-unsupported":        "对目标没有的用户组的授权已省略（允许的范围变小）",
	"convert-acl-permission-unsupported":   "目标没有的权限已省略（如 QingStor 上的 READ_ACP、WRITE_ACP）",
	"convert-acl-grantee-unsupported":      "目标格式无法表示这个被授权者",
	"convert-acl-owner-grant":              "所有者的完全控制权在一方是隐含的，在另一方是一条授权",
	"convert-policy-action-unsupported":    "没有对应项的操作：在 Allow 中省略，在 Deny 中保留（作为错误）",
	"convert-policy-action-broader":        "目标最接近的操作还覆盖了源操作不包括的请求",
	"convert-policy-action-expanded":       "操作通配符已展开为它所覆盖的操作",
	"convert-policy-principal-unsupported": "没有对应项的主体类型：在 Allow 中省略，在 Deny 中保留（作为错误）",
	"convert-policy-condition-unsupported": "没有对应项的条件运算符或键，按原样保留",
	"convert-policy-not-element":           "目标没有 NotPrincipal、NotAction 或 NotResource，按原样保留",
	"convert-policy-resource-changed":      "资源的范围或模式在转换中发生了变化",
	"convert-policy-statement-dropped":     "Allow 语句没有任何内容能转换过去，已省略",
	"convert-policy-deny-first":            "Deny 语句已移到最前，使 QingStor 的首条匹配得到与 S3、COS 的拒绝优先相同的结果",
	"convert-policy-order":                 "Allow 之后出现 Deny：QingStor 的首条匹配与拒绝优先可能得出不同结论",
}

// zhRelated translates the few fixed texts of related positions.
var zhRelated = map[string]string{
	"first defined here": "首次定义于此",
	"first written here": "首次写于此",
	"first here":         "首次出现于此",
}

// Lang is a language the messages come in.
type Lang uint8

const (
	English Lang = iota // the messages as written
	Chinese             // Simplified Chinese
)

// ParseLang maps a BCP 47 tag to a language: "zh", "zh-CN", "zh-Hans…" and
// "zh-SG" are Simplified Chinese; anything else (and "") is English, the way
// an unknown Accept-Language falls back to a site's default.
func ParseLang(tag string) Lang {
	parts := strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 || parts[0] != "zh" {
		return English
	}
	if len(parts) == 1 {
		return Chinese
	}
	switch parts[1] {
	case "cn", "sg", "hans":
		return Chinese
	}
	return English // zh-TW, zh-HK, zh-Hant: no Traditional Chinese table
}

// ZhMessage is the Chinese text for a code, if there is one.
func ZhMessage(c Code) (string, bool) {
	m, ok := zhMessages[c]
	return m, ok
}

// Localize returns the message to show in lang and, when it is not the
// English message, the English message as detail. With Chinese, the message
// is the code's Chinese text followed by the values the English message
// quotes, in order and without repeats, less those the Chinese text already
// names: `服务商不接受这个允许的方法（"PATCH"）`.
// A code without a Chinese text keeps its English message and no detail.
func Localize(c Code, english string, lang Lang) (message, detail string) {
	if lang != Chinese {
		return english, ""
	}
	zh, ok := zhMessages[c]
	if !ok {
		return english, ""
	}
	var values []string
	for _, q := range Quoted(english) {
		if !strings.Contains(zh, q) { // the Chinese text may name it already ("ETag")
			values = append(values, q)
		}
	}
	if len(values) > 0 {
		zh += "（" + strings.Join(values, "、") + "）"
	}
	return zh, english
}

// LocalizeRelated translates a related position's message.
func LocalizeRelated(english string, lang Lang) string {
	if lang == Chinese {
		if zh, ok := zhRelated[english]; ok {
			return zh
		}
	}
	return english
}

// Quoted returns the double-quoted Go string literals in s (as %q writes
// them, quotes and escapes kept, so a value with spaces or control
// characters stays unambiguous), without repeats. A quote that does not start
// a valid literal is skipped.
func Quoted(s string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			break
		}
		i += j
		q, err := strconv.QuotedPrefix(s[i:])
		if err != nil {
			i++
			continue
		}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
		i += len(q)
	}
	return out
}
