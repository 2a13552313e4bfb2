// Parser of the paicha rulebook language. See docs/language.md for the language tour and
// semantics; this file is only the concrete syntax.
//
// House rules: no actions, no predicates, labelled alternatives so the AST builder has one
// visitor method per form. Separators (`;`, `，`) between attributes and fields are optional: the
// keywords delimit them, so a rulebook reads like the standard's text.
parser grammar RulebookParser;

options { tokenVocab = RulebookLexer; }

// ---- File ---------------------------------------------------------------------------------------
file        : header? decl* EOF ;

header      : RULEBOOK STRING LBRACE meta* RBRACE      # rulebookHeader
            | MODULE STRING SEMI?                      # moduleHeader
            ;

meta        : ISSUER STRING SEMI?                      # metaIssuer
            | DOCNO STRING SEMI?                       # metaDocNo
            | ISSUED DATE SEMI?                        # metaIssued
            | EFFECTIVE DATE SEMI?                     # metaEffective
            | VERSION STRING SEMI?                     # metaVersion
            | SUPERSEDES STRING SEMI?                  # metaSupersedes
            | APPLIES expr SEMI?                       # metaApplies
            ;

decl        : IMPORT STRING SEMI?                      # importDecl
            | INPUT LBRACE field* RBRACE               # inputDecl
            | RECORD ident LBRACE field* RBRACE        # recordDecl
            | ENUM ident enumBody                      # enumDecl
            | LET ident ASSIGN expr SEMI?              # letDecl
            | section                                  # sectionDecl
            | item                                     # itemDecl
            | GRADES LBRACE gradeRule* RBRACE          # gradesDecl
            | COLOURS LBRACE gradeRule* RBRACE         # coloursDecl
            ;

// ---- Schema -------------------------------------------------------------------------------------
field       : ident COLON type fieldAttr* (SEMI | COMMA)? ;

fieldAttr   : LABEL STRING                             # fieldLabel
            | HELP STRING                              # fieldHelp
            | RELEVANT expr                            # fieldRelevant
            ;

type        : BOOL_T                                   # boolType
            | INT_T (LPAREN unit RPAREN)?              # intType
            | DECIMAL_T (LPAREN unit RPAREN)?          # decimalType
            | TEXT_T                                   # textType
            | DATE_T                                   # dateType
            | DURATION_T                               # durationType
            | ENUM enumBody                            # inlineEnumType
            | RECORD LBRACE field* RBRACE              # inlineRecordType
            | LIST LBRACE field* RBRACE                # inlineListType
            | LIST ID                                  # namedListType
            | ID                                       # namedType
            ;

enumBody    : LBRACE enumMember (COMMA? enumMember)* COMMA? RBRACE ;
enumMember  : ident STRING? ;

unit        : ID | UNIT_SYM ;

// ---- Sections and items -------------------------------------------------------------------------
section     : SECTION ident? STRING LBRACE sectionPart* RBRACE ;

sectionPart : APPLIES expr SEMI?                       # sectionApplies
            | POINTS number SEMI?                      # sectionPoints
            | EXPLAIN STRING SEMI?                     # sectionExplain
            | LET ident ASSIGN expr SEMI?              # sectionLet
            | section                                  # nestedSection
            | item                                     # sectionItem
            ;

item        : ITEM itemId STRING LBRACE itemAttr* RBRACE ;
itemId      : ident | STRING ;

itemAttr    : CLAUSE STRING SEMI?                      # itemClause
            | LEVEL level SEMI?                        # itemLevel
            | APPLIES expr SEMI?                       # itemApplies
            | WHEN expr SEMI?                          # itemWhen
            | EXPLAIN STRING SEMI?                     # itemExplain
            | REMEDY STRING SEMI?                      # itemRemedy
            | DEADLINE literal SEMI?                   # itemDeadline
            | POINTS number SEMI?                      # itemPoints
            | DEDUCT number (PER expr)? (CAP number)? SEMI?  # itemDeduct
            | VETO SEMI?                               # itemVeto
            | UNVERIFIED STRING? SEMI?                 # itemUnverified
            ;

level       : MAJOR | GENERAL | NONCONFORM ;

// A grade or colour rule: `"一级": 得分 >= 90` ... `"不合格": 否则`. The name is a string so that a
// number ending one rule is never read as a quantity with the next rule's name as its unit.
gradeRule   : STRING COLON (expr | OTHERWISE) (SEMI | COMMA)? ;

// ---- Expressions (CEL precedence; Chinese aliases are the same tokens) ----------------------------
expr        : IF expr THEN expr OTHERWISE expr                       # ifExpr
            | cond=orExpr (QUESTION t=expr COLON f=expr)?            # condExpr
            ;

orExpr      : andExpr (OR andExpr)* ;
andExpr     : relExpr (AND relExpr)* ;
relExpr     : addExpr (relOp addExpr)? ;
relOp       : EQ | NE | LT | LE | GT | GE | IN | NOT_IN ;
addExpr     : mulExpr ((PLUS | MINUS) mulExpr)* ;
mulExpr     : unaryExpr ((STAR | SLASH) unaryExpr)* ;

unaryExpr   : NOT unaryExpr                                         # notExpr
            | MINUS unaryExpr                                       # negExpr
            | postfixExpr                                           # postfix
            ;

postfixExpr : primary postfixOp* ;
postfixOp   : DOT ident LPAREN args? RPAREN                         # methodCall
            | DOT ident                                             # memberAccess
            | LBRACKET expr RBRACKET                                # indexAccess
            ;

primary     : literal                                               # literalExpr
            | ident LPAREN args? RPAREN                             # callExpr
            | ident                                                 # nameExpr
            | LPAREN expr RPAREN                                    # parenExpr
            | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET        # listExpr
            | ANY_OF LBRACE alternative+ RBRACE                     # anyOfExpr
            | ALL_OF LBRACE alternative+ RBRACE                     # allOfExpr
            | AT_LEAST addExpr OF LBRACE alternative+ RBRACE        # atLeastExpr
            | PER period=postfixExpr AT_LEAST count=addExpr TIMES
                  list=postfixExpr AS var=ident DATED date=addExpr
                  (WHERE filter=orExpr)?                            # frequencyExpr
            | BY deadline=addExpr DONE done=addExpr                 # deadlineExpr
            ;

// One situation of an "有下列情形之一" / "至少 N 项" block, optionally labelled.
alternative : (STRING COLON)? expr (SEMI | COMMA)? ;

args        : expr (COMMA expr)* ;

literal     : number unit?                                          # numberLit
            | DATE                                                  # dateLit
            | STRING                                                # stringLit
            | TRUE                                                  # trueLit
            | FALSE                                                 # falseLit
            ;

number      : INT | DECIMAL ;

// Names. Words that are keywords only inside declarations are accepted as names too, so a field
// can be called 日期, 等级 or 说明 as it is in the standards' tables.
ident       : ID
            | BOOL_T | INT_T | DECIMAL_T | TEXT_T | DATE_T | DURATION_T
            | LABEL | HELP | LEVEL | CLAUSE | EXPLAIN | REMEDY | DEADLINE | POINTS | DEDUCT
            | CAP | VERSION | ISSUER | DOCNO | ISSUED | EFFECTIVE | GRADES | COLOURS | VETO
            | UNVERIFIED
            ;
