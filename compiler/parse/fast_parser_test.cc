// The hand-written parser (fast_parser.h) must give exactly the AST of the ANTLR path whenever
// it accepts a file, and must decline whenever ANTLR reports a syntax error: on every rulebook
// of the repository, on the check benchmark's generated rulebook, on the ambiguous corners of
// the grammar, and on thousands of seeded token mutations of those files. "Exactly" is the
// canonical dump plus every span of the tree (the dump shows only start positions).
#include "parse/fast_parser.h"

#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ast/dump.h"
#include "parse/parse.h"

namespace paicha::compiler {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void FindRules(const std::string& dir, std::vector<std::string>& out) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      FindRules(path, out);
    } else if (name.size() > 6 && name.compare(name.size() - 6, 6, ".rules") == 0) {
      out.push_back(path);
    }
  }
  closedir(d);
}

std::vector<std::string> RepositoryRulebooks() {
  std::vector<std::string> out;
  for (const char* dir : {"rulebooks", "examples", "tests/golden", "bench", "grammar/examples"}) {
    FindRules(std::string(PAICHA_SOURCE_DIR) + "/" + dir, out);
  }
  return out;
}

// ---- every span of a tree, in a fixed order -------------------------------------------------
class Spans {
 public:
  std::string Of(const ast::File& f) {
    Add(f.span);
    if (f.header) {
      const ast::Header& h = *f.header;
      Add(h.span);
      Add(h.title);
      Attr(h.issuer);
      Attr(h.docno);
      if (h.issued) Add(h.issued->span), Add(h.issued->value_span);
      if (h.effective) Add(h.effective->span), Add(h.effective->value_span);
      Attr(h.version);
      Attr(h.supersedes);
      Attr(h.applies);
      Dups(h.duplicates);
    }
    for (const ast::Import& i : f.imports) Add(i.span), Add(i.path);
    for (const ast::DeclPtr& d : f.decls) Decl(*d);
    for (Span c : f.comments) Add(c);
    return out_.str();
  }

 private:
  void Add(Span s) { out_ << s.file << ':' << s.begin << '-' << s.end << ' '; }
  void Add(const ast::StringLit& s) { Add(s.span); }
  void Add(const ast::Ident& i) { Add(i.span); }
  void Add(const ast::Number& n) { Add(n.span); }
  void Dups(const std::vector<ast::DuplicateAttr>& ds) {
    for (const auto& d : ds) out_ << "dup" << int{d.kind} << ' ', Add(d.span), Add(d.first);
  }
  void Attr(const std::optional<ast::StringAttr>& a) {
    if (a) Add(a->span), Add(a->value);
  }
  void Attr(const std::optional<ast::ExprAttr>& a) {
    if (a) Add(a->span), Expr(a->expr.get());
  }
  void Attr(const std::optional<ast::NumberAttr>& a) {
    if (a) Add(a->span), Add(a->value);
  }

  void Field(const ast::Field& f) {
    Add(f.span);
    Add(f.name);
    Type(f.type);
    if (f.label) Add(*f.label);
    if (f.help) Add(*f.help);
    if (f.relevant) Add(f.relevant_span), Expr(f.relevant.get());
    Dups(f.duplicates);
  }
  void Type(const ast::TypeExpr& t) {
    Add(t.span);
    if (t.unit) Add(*t.unit);
    for (const auto& m : t.members) Add(m.span), Add(m.name);
    for (const auto& f : t.fields) Field(f);
    Add(t.name);
  }

  void Decl(const ast::Decl& d) {
    out_ << "decl" << int(d.kind) << ' ';
    Add(d.span);
    if (const auto* i = d.As<ast::InputDecl>()) {
      for (const auto& f : i->fields) Field(f);
    } else if (const auto* r = d.As<ast::RecordDecl>()) {
      Add(r->name);
      for (const auto& f : r->fields) Field(f);
    } else if (const auto* e = d.As<ast::EnumDecl>()) {
      Add(e->name);
      for (const auto& m : e->members) Add(m.span), Add(m.name), m.label ? Add(*m.label) : void();
    } else if (const auto* l = d.As<ast::LetDecl>()) {
      Add(l->name);
      Expr(l->expr.get());
    } else if (const auto* s = d.As<ast::Section>()) {
      if (s->number) Add(*s->number);
      Add(s->title);
      Attr(s->applies);
      Attr(s->points);
      Attr(s->explain);
      for (const auto& let : s->lets) Decl(*let);
      for (const auto& c : s->children) Decl(*c);
      Dups(s->duplicates);
    } else if (const auto* it = d.As<ast::Item>()) {
      Item(*it);
    } else if (const auto* g = d.As<ast::GradesDecl>()) {
      for (const auto& rule : g->rules) {
        Add(rule.span);
        Add(rule.name);
        if (rule.otherwise) Add(rule.otherwise_span);
        Expr(rule.expr.get());
      }
    }
  }
  void Item(const ast::Item& it) {
    Add(it.id);
    Add(it.title);
    Attr(it.clause);
    if (it.level) Add(it.level->span), Add(it.level->value_span);
    Attr(it.applies);
    Attr(it.when);
    Attr(it.explain);
    Attr(it.remedy);
    if (it.deadline) Add(it.deadline->span), Expr(it.deadline->value.get());
    Attr(it.points);
    if (it.deduct) {
      Add(it.deduct->span);
      Add(it.deduct->amount);
      Expr(it.deduct->per.get());
      if (it.deduct->cap) Add(*it.deduct->cap);
    }
    if (it.veto) Add(it.veto->span);
    if (it.unverified) {
      Add(it.unverified->span);
      if (it.unverified->reason) Add(*it.unverified->reason);
    }
    Dups(it.duplicates);
  }

  void Exprs(const std::vector<ast::ExprPtr>& es) {
    for (const auto& e : es) Expr(e.get());
  }
  void Expr(const ast::Expr* e) {
    if (e == nullptr) {
      out_ << "- ";
      return;
    }
    out_ << ast::ExprKindName(e->kind) << e->height << ' ';
    Add(e->span);
    if (const auto* l = e->As<ast::LiteralExpr>()) {
      if (!l->unit.empty()) Add(l->unit_span);
    } else if (const auto* m = e->As<ast::MemberExpr>()) {
      Expr(m->base.get());
      Add(m->name);
    } else if (const auto* c = e->As<ast::CallExpr>()) {
      Add(c->name);
      Exprs(c->args);
    } else if (const auto* mc = e->As<ast::MethodCallExpr>()) {
      Expr(mc->receiver.get());
      Add(mc->name);
      Exprs(mc->args);
    } else if (const auto* x = e->As<ast::IndexExpr>()) {
      Expr(x->base.get());
      Expr(x->index.get());
    } else if (const auto* u = e->As<ast::UnaryExpr>()) {
      Add(u->op_span);
      Expr(u->operand.get());
    } else if (const auto* b = e->As<ast::BinaryExpr>()) {
      Add(b->op_span);
      Expr(b->lhs.get());
      Expr(b->rhs.get());
    } else if (const auto* k = e->As<ast::ConditionalExpr>()) {
      Expr(k->cond.get());
      Expr(k->then_expr.get());
      Expr(k->else_expr.get());
    } else if (const auto* li = e->As<ast::ListExpr>()) {
      Exprs(li->elements);
    } else if (const auto* s = e->As<ast::SituationsExpr>()) {
      Expr(s->count.get());
      for (const auto& a : s->alternatives) {
        Add(a.span);
        if (a.label) Add(*a.label);
        Expr(a.expr.get());
      }
    } else if (const auto* f = e->As<ast::FrequencyExpr>()) {
      Expr(f->period.get());
      Expr(f->count.get());
      Expr(f->list.get());
      Add(f->var);
      Expr(f->date.get());
      Expr(f->filter.get());
    } else if (const auto* d = e->As<ast::DeadlineExpr>()) {
      Expr(d->deadline.get());
      Expr(d->done.get());
    }
  }

  std::ostringstream out_;
};

// The outcome of one path: the dump and spans of the AST, or "declined"/"error".
struct Outcome {
  bool ok = false;
  std::string text;
};

Outcome ParseWith(const std::string& text, ParserPath path) {
  SourceManager sm;
  FileId id = sm.Add("t.rules", text);
  DiagnosticSink sink;
  ParseOptions options;
  options.path = path;
  std::unique_ptr<ast::File> f = ParseFile(sm.Get(id), id, sink, options);
  Outcome o;
  o.ok = f != nullptr;
  if (f != nullptr) o.text = ast::DumpFile(*f, sm.Get(id)) + "\nspans: " + Spans().Of(*f);
  return o;
}

// Checks the contract on `text`; returns true when the fast parser accepted it.
bool ExpectAgree(const std::string& text, const std::string& what) {
  Outcome antlr = ParseWith(text, ParserPath::kAntlr);
  Outcome fast = ParseWith(text, ParserPath::kFastOnly);
  if (!antlr.ok) {
    EXPECT_FALSE(fast.ok) << what << ": ANTLR rejects, the fast parser accepts:\n" << text;
    return false;
  }
  if (fast.ok) {
    EXPECT_EQ(antlr.text, fast.text) << what << ":\n" << text;
  }
  return fast.ok;
}

// Same shape as bench/check_bench.cc's generator (schema, sections, items with units, a list
// macro and an 有下列情形之一 block).
std::string GeneratedRulebook(int items) {
  std::string s =
      "规则库 \"生成的规则库\" {\n  发布机关 \"测试\"\n  版本 \"1\"\n}\n"
      "枚举 状态 { 正常, 失效, 未设置 }\n"
      "记录 设备 {\n  名称: 文本\n  压力: 小数(kPa)\n  状态: 状态\n  数量: 整数(人)\n}\n"
      "输入 {\n  存在粉尘爆炸危险: 布尔\n  涉粉作业人数: 整数(人)\n  设备清单: 列表 设备\n"
      "  压力: 小数(MPa)\n  启用日期: 日期\n}\n";
  char buf[1024];
  for (int i = 0; i < items; ++i) {
    if (i % 100 == 0) {
      if (i > 0) s += "}\n";
      std::snprintf(buf, sizeof buf, "章节 第%d条 \"第%d部分\" {\n  适用 存在粉尘爆炸危险\n",
                    i / 100 + 1, i / 100 + 1);
      s += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "  隐患 G%d \"第%d项\" {\n"
                  "    依据 \"生成标准 第%d条第（%d）项\"\n"
                  "    等级 重大事故隐患\n"
                  "    当 有下列情形之一 {\n"
                  "      \"压力超限\": 压力 > %d kPa 且 涉粉作业人数 >= %d 人\n"
                  "      \"设备失效\": 设备清单.exists(d, d.状态 != 正常 且 d.压力 >= %d.5 kPa)\n"
                  "      \"过期\": 报告日期 > 启用日期 + %d 个月\n"
                  "    }\n"
                  "    说明 \"生成的说明\"\n    整改 \"生成的整改措施\"\n  }\n",
                  i, i, i / 100 + 1, i % 100 + 1, 100 + i, i % 50, i % 90, i % 36 + 1);
    s += buf;
  }
  s += "}\n";
  return s;
}

TEST(FastParserTest, EveryRulebookOfTheRepository) {
  std::vector<std::string> files = RepositoryRulebooks();
  ASSERT_GT(files.size(), 20u);
  size_t accepted = 0;
  for (const std::string& path : files) {
    std::string text = ReadFile(path);
    bool valid = ParseWith(text, ParserPath::kAntlr).ok;
    bool fast = ExpectAgree(text, path);
    // Every valid rulebook of the repository takes the fast path.
    EXPECT_EQ(valid, fast) << path;
    accepted += fast;
  }
  // Most files are valid; the rest are the goldens of syntax errors.
  EXPECT_GT(accepted, files.size() / 2);
}

TEST(FastParserTest, GeneratedRulebook) {
  EXPECT_TRUE(ExpectAgree(GeneratedRulebook(300), "generated"));
}

TEST(FastParserTest, AmbiguousCorners) {
  // Valid files the fast parser must accept (with ANTLR's AST).
  const char* accepted[] = {
      // a number followed by a name takes it as its unit (ANTLR's choice when both parse)
      "定义 a = 有下列情形之一 { x > 5 b }",
      "定义 a = 有下列情形之一 { x > 5 米; b > 3 }",
      // `-`, `[` and `(` after an operand continue it
      "定义 a = 有下列情形之一 { x -y }",
      "定义 a = 有下列情形之一 { x [1] }",
      "定义 a = 有下列情形之一 { f (x) }",
      "定义 a = 有下列情形之一 { \"s\": x \"t\" }",
      "定义 a = 有下列情形之一 { \"s\" }",
      // keywords that are also names
      "输入 { a: 整数 标签 \"甲\" 标签: 文本 提示: 布尔 提示 \"h\" }",
      "输入 { a: 整数 标签: 文本 }",
      "输入 { a: 列表 { b: 整数 }, c: 列表 设备; d: 枚举 { x \"X\", y, } }",
      "定义 x = a.等级.分值(1)[2]",
      "定义 x = 每 季度 至少 1 次 巡查记录 作为 r 按 r.日期 满足 r.有效",
      "定义 x = 截止 2022-06-30 完成于 任务.完成日期",
      "定义 x = 至少 2 项 { a, b; c }",
      "定义 x = 如果 a 则 b 否则 c ? d : e",
      "定义 x = a ? b : c ? d : e",
      "定义 x = 非 非 - - a",
      "定义 x = [1, 2,]",
      "定义 x = f()",
      "隐患 \"G1\" \"t\" { 扣分 2 每 a 上限 10; 扣分 1 否决 否决; 未核 \"r\" 未核 }",
      "章节 \"s\" { 分值 10 分值 5 说明 \"a\"; 定义 x = 1 章节 第1条 \"t\" { } }",
      "评级 { \"一级\": 得分 >= 90, \"二级\": 否则; }",
      "规则库 \"r\" { 发布日期 2023-04-14 发布日期 2023-04-15; 适用 a }",
      "模块 \"m\"; 导入 \"x.rules\" 导入 \"y.rules\";",
  };
  for (const char* c : accepted) EXPECT_TRUE(ExpectAgree(c, "case")) << c;
  // Valid files where the first choice fails later (the fast parser declines, ANTLR parses)
  // and syntax errors (both reject).
  const char* others[] = {
      "定义 a = 有下列情形之一 { x > 5 b > 3 }",
      "定义 a = 有下列情形之一 { x [1, 2].size() > 0 }",
      "输入 { a: 整数 仅当 b > 5 个: 整数 }",
      "输入 { 仅当: 文本 }",
      "枚举 e { a, , b }",
      "枚举 e { }",
      "定义 x = a < b < c",
      "定义 x = [,]",
      "定义 x = f(,)",
      "模块 \"m\" 模块 \"n\"",
  };
  for (const char* c : others) ExpectAgree(c, "case");
}

// Called directly (without the nesting pre-scan of ParseFile), deep nesting makes the parser
// decline instead of overflowing the stack; nesting within the guard still parses.
TEST(FastParserTest, DepthGuardWithoutThePreScan) {
  auto parse = [](const std::string& text) {
    SourceManager sm;
    FileId id = sm.Add("t.rules", text);
    std::vector<parse_internal::RawToken> tokens = parse_internal::Lex(text);
    uint32_t end = static_cast<uint32_t>(text.size());
    tokens.push_back(parse_internal::RawToken{parse_internal::kEofType, end, end});
    return parse_internal::FastParse(tokens, sm.Get(id), id) != nullptr;
  };
  auto nested = [](const std::string& open, const std::string& close, size_t n) {
    std::string s = "定义 x = ";
    for (size_t i = 0; i < n; ++i) s += open;
    s += "1";
    for (size_t i = 0; i < n; ++i) s += close;
    return s;
  };
  EXPECT_TRUE(parse(nested("(", ")", 150)));
  EXPECT_FALSE(parse(nested("(", ")", 100000)));
  EXPECT_FALSE(parse(nested("非 ", "", 100000)));
  EXPECT_FALSE(parse(nested("[", "]", 100000)));
  std::string sections;
  for (int i = 0; i < 100000; ++i) sections += "章节 \"s\" {";
  EXPECT_FALSE(parse(sections));
}

// Seeded token mutations (delete, duplicate, swap with the next token) of every valid rulebook.
TEST(FastParserTest, MutatedRulebooks) {
  std::mt19937 rng(20261201);
  size_t cases = 0, accepted = 0;
  for (const std::string& path : RepositoryRulebooks()) {
    std::string text = ReadFile(path);
    if (!ParseWith(text, ParserPath::kAntlr).ok) continue;
    std::vector<parse_internal::RawToken> tokens = parse_internal::Lex(text);
    if (tokens.size() < 2) continue;
    for (int k = 0; k < 60; ++k) {
      size_t i = rng() % (tokens.size() - 1);
      const parse_internal::RawToken& t = tokens[i];
      const parse_internal::RawToken& u = tokens[i + 1];
      std::string tt = text.substr(t.begin, t.end - t.begin);
      std::string ut = text.substr(u.begin, u.end - u.begin);
      std::string m;
      switch (rng() % 3) {
        case 0:
          m = text.substr(0, t.begin) + text.substr(t.end);
          break;
        case 1:
          m = text.substr(0, t.end) + " " + tt + text.substr(t.end);
          break;
        default:
          m = text.substr(0, t.begin) + ut + text.substr(t.end, u.begin - t.end) + tt +
              text.substr(u.end);
      }
      ++cases;
      accepted += ExpectAgree(m, path + " mutation " + std::to_string(k));
    }
  }
  EXPECT_GT(cases, 2000u);
  // Some mutations stay valid (a dropped `;`, a swapped pair of attributes) and are compared.
  EXPECT_GT(accepted, cases / 20);
}

}  // namespace
}  // namespace paicha::compiler
