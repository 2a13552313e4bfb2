// Random rulebooks and submissions (random_rulebook.h).
#include "random_rulebook.h"

#include <string>
#include <vector>

#include "paicha/rt/decimal.h"

namespace paicha::difftest {
namespace {

// Dates at month, quarter and year ends, leap days and their neighbours.
const char* const kDates[] = {"2022-12-31", "2023-01-01", "2023-02-28", "2023-03-01", "2023-03-31",
                              "2023-04-01", "2023-06-30", "2023-08-31", "2023-09-30", "2023-12-31",
                              "2024-01-01", "2024-01-31", "2024-02-28", "2024-02-29", "2024-03-01",
                              "2024-03-31", "2024-06-30", "2024-08-31", "2024-12-31", "2025-02-28",
                              "2025-03-01"};
constexpr uint32_t kDateCount = sizeof(kDates) / sizeof(kDates[0]);

const char* const kTexts[] = {"甲厂", "乙厂", "甲化工有限公司", "丙", ""};
const char* const kTextParts[] = {"厂", "甲", "化工", "乙厂"};
// Patterns the C++ backend turns into byte automata (the first five) and ones it leaves to RE2.
const char* const kPatterns[] = {"^甲",           "厂$",        "^(甲|乙)厂$", "^$",
                                 "(厂|丙){1,2}$", "化工.*公司", "^[甲乙]",     "^.{1,3}$"};
const char* const kPressureUnits[] = {"Pa", "kPa", "MPa"};

// Pressure `kpa` (in kPa) written in unit u (0 Pa, 1 kPa, 2 MPa), exactly.
std::string PressureIn(int kpa, int u) {
  switch (u) {
    case 0:
      return std::to_string(static_cast<int64_t>(kpa) * 1000);
    case 1:
      return std::to_string(kpa);
    default:
      return rt::Decimal::Make(kpa, 3)->ToString();
  }
}

std::string Hundredths(int r) { return rt::Decimal::Make(r, 2)->ToString(); }

}  // namespace

struct RandomRulebook::Scope {
  std::vector<std::string> vars;  // macro variables, outermost first
};

uint32_t RandomRulebook::Below(uint32_t n) {
  return n == 0 ? 0 : static_cast<uint32_t>(rng_() % n);
}

std::string RandomRulebook::RelOp() {
  static const char* const kOps[] = {"==",     "!=",   "<",      "<=",   ">", ">=", "大于",
                                     "不小于", "小于", "不大于", "等于", "≥", "≤"};
  return kOps[Below(13)];
}

std::string RandomRulebook::IntConst() {
  return std::to_string(int_base_ + static_cast<int>(Below(3)) - 1);
}

std::string RandomRulebook::PersonsConst() {
  const std::string n = std::to_string(persons_base_ + static_cast<int>(Below(3)) - 1);
  return OneIn(2) ? n : n + " 人";
}

std::string RandomRulebook::RateConst() {
  const int r = rate_base_ + static_cast<int>(Below(3)) - 1;
  switch (Below(3)) {
    case 0:
      return std::to_string(r) + " %";
    case 1:
      return Hundredths(r);
    default:
      return rt::Decimal::Make(r * 10, 3)->ToString();  // 0.300: same value, another scale
  }
}

std::string RandomRulebook::PressureConst() {
  const int kpa = pressure_base_ + static_cast<int>(Below(3)) - 1;
  const int u = static_cast<int>(Below(3));
  return PressureIn(kpa, u) + " " + kPressureUnits[u];
}

std::string RandomRulebook::CountConst() { return std::to_string(Below(4)); }

std::string RandomRulebook::DateConst() { return kDates[Below(kDateCount)]; }

std::string RandomRulebook::PoolDate(std::mt19937* rng) const {
  return kDates[(*rng)() % kDateCount];
}

std::string RandomRulebook::Duration(bool days_only) {
  static const char* const kDays[] = {"1 天", "30 天", "2 周", "0 天", "1 日", "7天"};
  static const char* const kMonths[] = {"1 个月", "6 个月", "1 年", "1 季度", "12个月", "2 年"};
  if (days_only || OneIn(2)) return kDays[Below(6)];
  return kMonths[Below(6)];
}

std::string RandomRulebook::Atom() {
  switch (Below(22)) {
    case 0:
      return "甲";
    case 1:
      return "非 乙";
    case 2:
      return "数 " + RelOp() + " " + IntConst();
    case 3:
      return "人数 " + RelOp() + " " + PersonsConst();
    case 4:
      return "率 " + RelOp() + " " + RateConst();
    case 5:
      return "压 " + RelOp() + " " + PressureConst();
    case 6:
      return "日 " + RelOp() + " " + DateConst();
    case 7:
      return "日 + " + Duration(false) + " " + RelOp() + " 报告日期";
    case 8:
      return "报告日期 " + RelOp() + " 日 - " + Duration(false);
    case 9: {
      static const char* const kForms[] = {"类 == 正常", "类 != 失效", "类 属于 [正常, 失效]",
                                           "类 不属于 [未设置]", "类 等于 未设置"};
      return kForms[Below(5)];
    }
    case 10:
      switch (Below(4)) {
        case 0:
          return std::string("名 == \"") + kTexts[Below(5)] + "\"";
        case 1:
          return std::string("名.contains(\"") + kTextParts[Below(4)] + "\")";
        case 2:
          return std::string("名.matches(\"") + kPatterns[Below(8)] + "\")";
        default:
          return std::string("名.startsWith(\"") + kTextParts[Below(4)] + "\")";
      }
    case 11: {
      const int k = static_cast<int>(Below(3)) + 1;
      return "数 + " + std::to_string(k) + " " + RelOp() + " " +
             std::to_string(int_base_ + k + static_cast<int>(Below(3)) - 1);
    }
    case 12:
      return "数 * 2 " + RelOp() + " " +
             std::to_string(2 * int_base_ + static_cast<int>(Below(3)) - 1);
    case 13:
      return "压 + 1 kPa " + RelOp() + " " + PressureConst();
    case 14:
      return "(如果 甲 则 数 否则 数 + 1) " + RelOp() + " " + IntConst();
    case 15:
      return "甲 == 乙";
    case 16:
      return "size(设备) " + RelOp() + " " + CountConst();
    case 17:
      return "非 (截止 " + DateConst() + " 完成于 完成日)";
    case 18:  // not negated: a not-due value that holds so far (17 gives one that fails so far)
      return "(截止 日 + " + Duration(true) + " 完成于 完成日)";
    case 19:
      if (let_count_ > 0) {
        return "条件" + std::to_string(1 + Below(static_cast<uint32_t>(let_count_)));
      }
      return "乙";
    case 20:
      return "率 * 数 " + RelOp() + " " + RateConst();
    default:
      return "-数 " + RelOp() + " " + std::to_string(-int_base_);
  }
}

std::string RandomRulebook::ElementAtom(const std::string& v, const Scope& scope) {
  switch (Below(scope.vars.size() > 1 ? 12 : 10)) {
    case 0:
      return v + ".合格";
    case 1:
      return "非 " + v + ".合格";
    case 2:
      return v + ".状态 == 正常";
    case 3:
      return v + ".状态 属于 [失效, 未设置]";
    case 4:
      return v + ".压力 " + RelOp() + " " + PressureConst();
    case 5:
      return v + ".数量 " + RelOp() + " " + IntConst();
    case 6:
      return v + ".数量 " + RelOp() + " 数";
    case 7:
      return v + ".检验日期 + " + Duration(false) + " " + RelOp() + " 报告日期";
    case 8:
      return v + ".检验日期 " + RelOp() + " " + DateConst();
    case 9:
      return v + ".名称.contains(\"" + kTextParts[Below(4)] + "\")";
    case 10:
      return v + ".数量 " + RelOp() + " " + scope.vars[0] + ".数量";
    default:
      return v + ".状态 == " + scope.vars[0] + ".状态";
  }
}

std::string RandomRulebook::MacroExpr(int depth, const Scope& scope) {
  Scope inner = scope;
  const std::string v = scope.vars.empty() ? "s" : "t";
  inner.vars.push_back(v);
  std::string list = "设备";
  if (OneIn(5)) {
    Scope f = scope;
    const std::string fv = scope.vars.empty() ? "f" : "g";
    f.vars.push_back(fv);
    list = "设备.filter(" + fv + ", " + ElementAtom(fv, f) + ")";
  }
  const std::string body = BoolExpr(depth - 1, inner);
  switch (Below(11)) {
    case 0:
    case 1:
      return list + ".exists(" + v + ", " + body + ")";
    case 2:
      return list + ".all(" + v + ", " + body + ")";
    case 3:
      return list + ".exists_one(" + v + ", " + body + ")";
    case 4:
      return list + ".count(" + v + ", " + body + ") " + RelOp() + " " + CountConst();
    case 5: {
      static const char* const kRatios[] = {"50 %", "0 %", "100 %", "0.25", "75 %", "0.5"};
      return list + ".ratio(" + v + ", " + body + ") " + RelOp() + " " + kRatios[Below(6)];
    }
    case 6:
      return "size(" + list + ".filter(" + v + ", " + body + ")) " + RelOp() + " " + CountConst();
    case 7:
      return list + ".sum(" + v + ", " + v + ".数量) " + RelOp() + " " + IntConst();
    case 8:
      return list + ".min(" + v + ", " + v + ".压力) " + RelOp() + " " + PressureConst();
    case 9:
      return list + ".max(" + v + ", " + v + ".数量) " + RelOp() + " " + IntConst();
    default:
      return list + ".任一(" + v + ", " + body + ")";
  }
}

std::string RandomRulebook::Situations(int depth, const Scope& scope) {
  std::string head;
  switch (Below(4)) {
    case 0:
      head = "有下列情形之一";
      break;
    case 1:
      head = "下列全部";
      break;
    case 2:
      head = "至少 " + std::to_string(1 + Below(3)) + " 项";
      break;
    default:
      head = "至少 数 项";
      break;
  }
  std::string out = head + " {";
  const uint32_t n = 2 + Below(3);
  for (uint32_t i = 0; i < n; ++i) {
    if (OneIn(3)) {
      out += " " + BoolExpr(depth - 1, scope) + ";";
    } else {
      out += " \"情形" + std::to_string(i + 1) + "\": " + BoolExpr(depth - 1, scope) + ";";
    }
  }
  return out + " }";
}

std::string RandomRulebook::BoolExpr(int depth, const Scope& scope) {
  const bool in_macro = !scope.vars.empty();
  auto leaf = [&]() {
    if (in_macro && !OneIn(4)) return ElementAtom(scope.vars.back(), scope);
    return Atom();
  };
  if (depth <= 0) return leaf();
  switch (Below(12)) {
    case 0:
    case 1: {
      std::string out = "(" + BoolExpr(depth - 1, scope) + ")";
      const uint32_t n = 1 + Below(2);
      for (uint32_t i = 0; i < n; ++i) out += " 且 (" + BoolExpr(depth - 1, scope) + ")";
      return out;
    }
    case 2:
    case 3: {
      std::string out = "(" + BoolExpr(depth - 1, scope) + ")";
      const uint32_t n = 1 + Below(2);
      for (uint32_t i = 0; i < n; ++i) out += " 或 (" + BoolExpr(depth - 1, scope) + ")";
      return out;
    }
    case 4:
      return "非 (" + BoolExpr(depth - 1, scope) + ")";
    case 5:
      return "(如果 " + BoolExpr(depth - 1, scope) + " 则 (" + BoolExpr(depth - 1, scope) +
             ") 否则 (" + BoolExpr(depth - 1, scope) + "))";
    case 6:
    case 7:
      if (scope.vars.size() < 2) return MacroExpr(depth, scope);
      return leaf();
    case 8:
      return Situations(depth, scope);
    default:
      return leaf();
  }
}

std::string RandomRulebook::Item(int index) {
  static const char* const kLevels[] = {"重大事故隐患", "一般隐患", "不符合"};
  const std::string id = std::to_string(index);
  std::string out = "  隐患 R" + id + " \"随机条目" + id + "\" {\n";
  out += "    依据 \"随机标准 第" + id + "条\"\n";
  out += std::string("    等级 ") + kLevels[Below(3)] + "\n";
  const Scope top;
  if (OneIn(3)) out += "    适用 " + BoolExpr(static_cast<int>(Below(2)), top) + "\n";
  out += "    当 " + BoolExpr(1 + static_cast<int>(Below(3)), top) + "\n";
  out += "  }\n";
  return out;
}

RandomRulebook::RandomRulebook(uint32_t seed) : rng_(seed) {
  int_base_ = static_cast<int>(Below(12)) - 2;
  persons_base_ = static_cast<int>(Below(20));
  rate_base_ = static_cast<int>(Below(101));
  pressure_base_ = static_cast<int>(Below(50)) + 1;
  pressure_unit_ = static_cast<int>(Below(3));
  const std::string pu = kPressureUnits[pressure_unit_];

  std::string t = "规则库 \"随机规则库 " + std::to_string(seed) + "\" {\n  施行日期 2023-05-15\n";
  if (OneIn(10)) t += "  适用 非 (乙 且 甲)\n";
  t += "}\n\n";
  t += "枚举 状态 { 正常 \"运行正常\", 失效, 未设置 \"未设置（缺失）\" }\n\n";
  t += "记录 设备记录 {\n  名称: 文本\n  状态: 状态\n  压力: 小数(" + pu +
       ")\n  数量: 整数\n  检验日期: 日期\n  合格: 布尔\n}\n\n";
  t += "输入 {\n  甲: 布尔\n  乙: 布尔\n  数: 整数\n  人数: 整数(人)\n  率: 小数\n  压: 小数(" +
       pu + ")\n  日: 日期\n  完成日: 日期\n  类: 状态\n  名: 文本\n  设备: 列表 设备记录\n}\n\n";
  const int lets = static_cast<int>(Below(3));
  for (int i = 0; i < lets; ++i) {
    const std::string body = BoolExpr(1 + static_cast<int>(Below(2)), Scope());
    ++let_count_;
    t += "定义 条件" + std::to_string(let_count_) + " = " + body + "\n";
  }
  t += "\n";
  const int items = 3 + static_cast<int>(Below(8));
  int next = 1;
  while (next <= items) {
    if (OneIn(2)) {
      const int in_section = 1 + static_cast<int>(Below(3));
      t += "章节 S" + std::to_string(next) + " \"随机章节\" {\n";
      if (OneIn(2)) t += "  适用 " + BoolExpr(static_cast<int>(Below(2)), Scope()) + "\n";
      for (int i = 0; i < in_section && next <= items; ++i) t += Item(next++);
      t += "}\n";
    } else {
      std::string item = Item(next++);
      t += item;
    }
  }
  text_ = std::move(t);
}

// ---- Submissions ---------------------------------------------------------------------------

namespace {

class SubmissionWriter {
 public:
  SubmissionWriter(std::mt19937* rng, int int_base, int persons_base, int rate_base,
                   int pressure_base, int pressure_unit)
      : rng_(rng),
        int_base_(int_base),
        persons_base_(persons_base),
        rate_base_(rate_base),
        pressure_base_(pressure_base),
        pressure_unit_(pressure_unit) {}

  uint32_t Below(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>((*rng_)() % n); }
  bool OneIn(uint32_t n) { return Below(n) == 0; }

  // `key: value` at `indent`, or nothing (missing), or null.
  void Field(std::string* out, const std::string& indent, const std::string& key,
             const std::string& value) {
    const uint32_t r = Below(10);
    if (r < 2) return;  // missing
    if (r == 2) {
      *out += indent + key + ": " + (OneIn(2) ? "~" : "null") + "\n";
      return;
    }
    *out += indent + key + ": " + value + "\n";
  }

  std::string Quote(const std::string& s) { return "\"" + s + "\""; }
  std::string MaybeQuote(const std::string& s) { return OneIn(2) ? Quote(s) : s; }

  std::string Bool() {
    static const char* const kForms[] = {"是", "否", "true", "false", "有", "无"};
    return kForms[Below(6)];
  }
  std::string Int(int base) {
    return MaybeQuote(std::to_string(base + static_cast<int>(Below(5)) - 2));
  }
  std::string Persons() {
    const std::string n = std::to_string(persons_base_ + static_cast<int>(Below(5)) - 2);
    switch (Below(3)) {
      case 0:
        return n;
      case 1:
        return Quote(n + " 人");
      default:
        return Quote(n + "人");
    }
  }
  std::string Rate() {
    const int r = rate_base_ + static_cast<int>(Below(5)) - 2;
    if (OneIn(3)) return Quote(std::to_string(r) + "%");
    return MaybeQuote(Hundredths(r));
  }
  std::string Pressure() {
    const int kpa = pressure_base_ + static_cast<int>(Below(5)) - 2;
    if (OneIn(3)) return MaybeQuote(PressureIn(kpa, pressure_unit_));  // bare: the declared unit
    const int u = static_cast<int>(Below(3));
    return Quote(PressureIn(kpa, u) + (OneIn(2) ? " " : "") + kPressureUnits[u]);
  }
  std::string DateText() {
    const std::string d = kDates[Below(kDateCount)];
    switch (Below(4)) {
      case 0: {
        // YYYY/M/D
        const int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
        return d.substr(0, 4) + "/" + std::to_string(m) + "/" + std::to_string(day);
      }
      case 1: {
        const int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
        return d.substr(0, 4) + "年" + std::to_string(m) + "月" + std::to_string(day) + "日";
      }
      default:
        return d;
    }
  }
  std::string EnumText() {
    static const char* const kForms[] = {"正常", "运行正常", "失效", "未设置", "未设置（缺失）"};
    return kForms[Below(5)];
  }
  std::string Text() { return Quote(kTexts[Below(5)]); }

  void List(std::string* out) {
    const uint32_t r = Below(10);
    if (r == 0) return;  // missing
    if (r == 1) {
      *out += "设备: ~\n";
      return;
    }
    if (r == 2) {
      *out += "设备: []\n";
      return;
    }
    const uint32_t n = 1 + Below(4);
    *out += "设备:\n";
    for (uint32_t i = 0; i < n; ++i) {
      std::string e;
      Field(&e, "    ", "名称", Text());
      Field(&e, "    ", "状态", EnumText());
      Field(&e, "    ", "压力", Pressure());
      Field(&e, "    ", "数量", Int(int_base_));
      Field(&e, "    ", "检验日期", DateText());
      Field(&e, "    ", "合格", Bool());
      if (e.empty()) {
        *out += "  - {}\n";
      } else {
        e.replace(0, 4, "  - ");
        *out += e;
      }
    }
  }

 private:
  std::mt19937* rng_;
  int int_base_, persons_base_, rate_base_, pressure_base_, pressure_unit_;
};

}  // namespace

std::string RandomRulebook::Submission(std::mt19937* rng, bool with_report_date) const {
  SubmissionWriter w(rng, int_base_, persons_base_, rate_base_, pressure_base_, pressure_unit_);
  std::string out;
  if (with_report_date) out += std::string("报告日期: ") + PoolDate(rng) + "\n";
  w.Field(&out, "", "甲", w.Bool());
  w.Field(&out, "", "乙", w.Bool());
  w.Field(&out, "", "数", w.Int(int_base_));
  w.Field(&out, "", "人数", w.Persons());
  w.Field(&out, "", "率", w.Rate());
  w.Field(&out, "", "压", w.Pressure());
  w.Field(&out, "", "日", w.DateText());
  w.Field(&out, "", "完成日", w.DateText());
  w.Field(&out, "", "类", w.EnumText());
  w.Field(&out, "", "名", w.Text());
  w.List(&out);
  return out;
}

}  // namespace paicha::difftest
