// Lexer of the paicha rulebook language.
//
// Every keyword has an English spelling and one or more Chinese aliases; the parser sees one token
// kind per keyword, so `when` and `当` are the same token. Identifiers and strings are Unicode.
// Full-width punctuation that a Chinese author types (，、：；（）“”) is accepted beside ASCII.
// Comments go to the HIDDEN channel so the formatter can keep them. No actions, no predicates.
//
// Lexing rule worth knowing: ANTLR takes the longest match, so a keyword glued to Chinese
// letters becomes part of an identifier (`存在粉尘爆炸危险且` is one name). Keywords are separated
// from names by spaces or punctuation; sema's "unknown name" hint says so.
lexer grammar RulebookLexer;

// ---- Rulebook header ----------------------------------------------------------------------------
RULEBOOK    : 'rulebook' | '规则库' ;
MODULE      : 'module' | '模块' ;
ISSUER      : 'issuer' | '发布机关' ;
DOCNO       : 'docno' | '文号' ;
ISSUED      : 'issued' | '发布日期' ;
EFFECTIVE   : 'effective' | '施行日期' ;
VERSION     : 'version' | '版本' ;
SUPERSEDES  : 'supersedes' | '取代' ;
IMPORT      : 'import' | '导入' ;

// ---- Schema -------------------------------------------------------------------------------------
INPUT       : 'input' | '输入' ;
RECORD      : 'record' | '记录' ;
ENUM        : 'enum' | '枚举' ;
LIST        : 'list' | '列表' ;
BOOL_T      : 'bool' | '布尔' ;
INT_T       : 'int' | '整数' ;
DECIMAL_T   : 'decimal' | '小数' ;
TEXT_T      : 'text' | '文本' ;
DATE_T      : 'date' | '日期' ;
DURATION_T  : 'duration' | '时长' ;
LABEL       : 'label' | '标签' ;
HELP        : 'help' | '提示' ;
RELEVANT    : 'relevant' | '仅当' ;
LET         : 'let' | '定义' ;

// ---- Sections, items, scoring -------------------------------------------------------------------
SECTION     : 'section' | '章节' ;
ITEM        : 'item' | '条目' | '隐患' | '检查项' ;
APPLIES     : 'applies' | '适用' ;
CLAUSE      : 'clause' | '依据' ;
LEVEL       : 'level' | '等级' ;
WHEN        : 'when' | '当' ;
EXPLAIN     : 'explain' | '说明' ;
REMEDY      : 'remedy' | '整改' ;
DEADLINE    : 'deadline' | '整改时限' ;
UNVERIFIED  : 'unverified' | '未核' ;
POINTS      : 'points' | '分值' | '满分' ;
DEDUCT      : 'deduct' | '扣分' ;
PER         : 'per' | '每' ;
CAP         : 'cap' | '上限' ;
VETO        : 'veto' | '否决' ;
GRADES      : 'grades' | '评级' ;
COLOURS     : 'colours' | '风险色' ;
OTHERWISE   : 'otherwise' | '否则' ;
MAJOR       : 'major' | '重大事故隐患' ;
GENERAL     : 'general' | '一般隐患' ;
NONCONFORM  : 'nonconformity' | '不符合' ;

// ---- Expressions --------------------------------------------------------------------------------
ANY_OF      : 'any_of' | '有下列情形之一' | '下列任一' ;
ALL_OF      : 'all_of' | '下列全部' ;
AT_LEAST    : 'at_least' | '至少' ;
OF          : 'of' | '项' ;
TIMES       : 'times' | '次' ;
AS          : 'as' | '作为' ;
DATED       : 'dated' | '按' ;
WHERE       : 'where' | '满足' ;
BY          : 'by' | '截止' ;
DONE        : 'done' | '完成于' ;
IF          : 'if' | '如果' ;
THEN        : 'then' | '则' ;
TRUE        : 'true' | '是' | '真' ;
FALSE       : 'false' | '否' | '假' ;
AND         : '&&' | 'and' | '且' | '并且' ;
OR          : '||' | 'or' | '或' | '或者' ;
NOT         : '!' | 'not' | '非' ;
IN          : 'in' | '属于' ;
NOT_IN      : 'not_in' | '不属于' ;
EQ          : '==' | '等于' ;
NE          : '!=' | '不等于' ;
LE          : '<=' | '≤' | '不大于' ;
GE          : '>=' | '≥' | '不小于' ;
LT          : '<' | '小于' ;
GT          : '>' | '大于' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' | '×' ;
SLASH       : '/' ;
QUESTION    : '?' | '？' ;

// ---- Punctuation (ASCII and full-width) ---------------------------------------------------------
LPAREN      : '(' | '（' ;
RPAREN      : ')' | '）' ;
LBRACE      : '{' | '｛' ;
RBRACE      : '}' | '｝' ;
LBRACKET    : '[' | '【' ;
RBRACKET    : ']' | '】' ;
COMMA       : ',' | '，' | '、' ;
COLON       : ':' | '：' ;
SEMI        : ';' | '；' ;
DOT         : '.' ;
ASSIGN      : '=' ;

// ---- Literals -----------------------------------------------------------------------------------
// A date literal is written as in the standards' tables: 2023-05-15.
DATE        : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
DECIMAL     : DIGIT+ '.' DIGIT+ ;
INT         : DIGIT+ ;
STRING      : '"' ( ~["\\\r\n] | ESCAPE )* '"'
            | '“' ( ~[”\\\r\n] | ESCAPE )* '”'
            ;
// Unit symbols that are not letters. Letter units (kPa, m³, 人, 天, 个月) are identifiers,
// resolved against runtime/core/units.def by sema.
UNIT_SYM    : '%' | '％' | '‰' | '°C' | '℃' ;

// Identifiers: any letter (Han characters are letters) or '_', then letters, digits, '_',
// and the superscripts of m² and m³.
ID          : ID_START ID_PART* ;

// ---- Hidden -------------------------------------------------------------------------------------
LINE_COMMENT  : ( '#' | '//' ) ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n\u3000\u00A0\uFEFF]+ -> channel(HIDDEN) ;

// Anything else is one bad character; the parser wrapper turns it into a located diagnostic.
ERROR_CHAR  : . ;

fragment DIGIT    : [0-9] ;
fragment ESCAPE   : '\\' [\\"nt“”] ;
fragment ID_START : [\p{L}_] ;
fragment ID_PART  : [\p{L}\p{N}_] ;
