// Token spellings for syntax errors. KEEP IN SYNC with grammar/RulebookLexer.g4 (token order);
// token_spelling_test checks the count against the generated vocabulary.
#include "parse/token_spelling.h"

namespace paicha::compiler::parse_internal {
namespace {

struct Entry {
  std::string_view en;
  std::string_view zh;
  bool quoted;
};

// Indexed by token type - 1 (ANTLR types start at 1). Keywords: the first English and the first
// Chinese alias. Brackets and operators are shown in ASCII in both languages (both forms are
// accepted); the comma, colon and semicolon in full width for Chinese files.
constexpr Entry kTable[] = {
    {"rulebook", "规则库", true},         // 1 RULEBOOK
    {"module", "模块", true},             // 2 MODULE
    {"issuer", "发布机关", true},         // 3 ISSUER
    {"docno", "文号", true},              // 4 DOCNO
    {"issued", "发布日期", true},         // 5 ISSUED
    {"effective", "施行日期", true},      // 6 EFFECTIVE
    {"version", "版本", true},            // 7 VERSION
    {"supersedes", "取代", true},         // 8 SUPERSEDES
    {"import", "导入", true},             // 9 IMPORT
    {"input", "输入", true},              // 10 INPUT
    {"record", "记录", true},             // 11 RECORD
    {"enum", "枚举", true},               // 12 ENUM
    {"list", "列表", true},               // 13 LIST
    {"bool", "布尔", true},               // 14 BOOL_T
    {"int", "整数", true},                // 15 INT_T
    {"decimal", "小数", true},            // 16 DECIMAL_T
    {"text", "文本", true},               // 17 TEXT_T
    {"date", "日期", true},               // 18 DATE_T
    {"duration", "时长", true},           // 19 DURATION_T
    {"label", "标签", true},              // 20 LABEL
    {"help", "提示", true},               // 21 HELP
    {"relevant", "仅当", true},           // 22 RELEVANT
    {"let", "定义", true},                // 23 LET
    {"section", "章节", true},            // 24 SECTION
    {"item", "条目", true},               // 25 ITEM
    {"applies", "适用", true},            // 26 APPLIES
    {"clause", "依据", true},             // 27 CLAUSE
    {"level", "等级", true},              // 28 LEVEL
    {"when", "当", true},                 // 29 WHEN
    {"explain", "说明", true},            // 30 EXPLAIN
    {"remedy", "整改", true},             // 31 REMEDY
    {"deadline", "整改时限", true},       // 32 DEADLINE
    {"unverified", "未核", true},         // 33 UNVERIFIED
    {"points", "分值", true},             // 34 POINTS
    {"deduct", "扣分", true},             // 35 DEDUCT
    {"per", "每", true},                  // 36 PER
    {"cap", "上限", true},                // 37 CAP
    {"veto", "否决", true},               // 38 VETO
    {"grades", "评级", true},             // 39 GRADES
    {"colours", "风险色", true},          // 40 COLOURS
    {"otherwise", "否则", true},          // 41 OTHERWISE
    {"major", "重大事故隐患", true},      // 42 MAJOR
    {"general", "一般隐患", true},        // 43 GENERAL
    {"nonconformity", "不符合", true},    // 44 NONCONFORM
    {"any_of", "有下列情形之一", true},   // 45 ANY_OF
    {"all_of", "下列全部", true},         // 46 ALL_OF
    {"at_least", "至少", true},           // 47 AT_LEAST
    {"of", "项", true},                   // 48 OF
    {"times", "次", true},                // 49 TIMES
    {"as", "作为", true},                 // 50 AS
    {"dated", "按", true},                // 51 DATED
    {"where", "满足", true},              // 52 WHERE
    {"by", "截止", true},                 // 53 BY
    {"done", "完成于", true},             // 54 DONE
    {"if", "如果", true},                 // 55 IF
    {"then", "则", true},                 // 56 THEN
    {"true", "是", true},                 // 57 TRUE
    {"false", "否", true},                // 58 FALSE
    {"&&", "且", true},                   // 59 AND
    {"||", "或", true},                   // 60 OR
    {"!", "非", true},                    // 61 NOT
    {"in", "属于", true},                 // 62 IN
    {"not_in", "不属于", true},           // 63 NOT_IN
    {"==", "等于", true},                 // 64 EQ
    {"!=", "不等于", true},               // 65 NE
    {"<=", "<=", true},                   // 66 LE
    {">=", ">=", true},                   // 67 GE
    {"<", "小于", true},                  // 68 LT
    {">", "大于", true},                  // 69 GT
    {"+", "+", true},                     // 70 PLUS
    {"-", "-", true},                     // 71 MINUS
    {"*", "*", true},                     // 72 STAR
    {"/", "/", true},                     // 73 SLASH
    {"?", "?", true},                     // 74 QUESTION
    {"(", "(", true},                     // 75 LPAREN
    {")", ")", true},                     // 76 RPAREN
    {"{", "{", true},                     // 77 LBRACE
    {"}", "}", true},                     // 78 RBRACE
    {"[", "[", true},                     // 79 LBRACKET
    {"]", "]", true},                     // 80 RBRACKET
    {",", "，", true},                    // 81 COMMA
    {":", "：", true},                    // 82 COLON
    {";", "；", true},                    // 83 SEMI
    {".", ".", true},                     // 84 DOT
    {"=", "=", true},                     // 85 ASSIGN
    {"date", "日期值", false},            // 86 DATE
    {"decimal number", "小数值", false},  // 87 DECIMAL
    {"integer", "整数值", false},         // 88 INT
    {"string", "字符串", false},          // 89 STRING
    {"unit", "单位", false},              // 90 UNIT_SYM
    {"name", "名称", false},              // 91 ID
    {"comment", "注释", false},           // 92 LINE_COMMENT
    {"comment", "注释", false},           // 93 BLOCK_COMMENT
    {"space", "空白", false},             // 94 WS
    {"character", "字符", false},         // 95 ERROR_CHAR
};

}  // namespace

Spelling TokenSpelling(int64_t type, bool zh) {
  if (type == -1) return {zh ? "文件结尾" : "end of file", false};
  if (type < 1 || static_cast<size_t>(type) > sizeof(kTable) / sizeof(kTable[0]))
    return {"", false};
  const Entry& e = kTable[type - 1];
  return {zh ? e.zh : e.en, e.quoted};
}

size_t TokenSpellingCount() { return sizeof(kTable) / sizeof(kTable[0]) + 1; }

}  // namespace paicha::compiler::parse_internal
