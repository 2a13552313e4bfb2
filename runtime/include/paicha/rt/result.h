// The result model: what evaluating one submission against one rulebook decided, item by item,
// with the facts behind every decision. Produced by the VM (runtime/vm) and by generated C++
// evaluators alike; rendered to text, JSON and HTML by runtime/report. Plain data: no pointers
// into the image, so a Result outlives the evaluator and can be compared, copied and serialised.
//
// Determinism: every vector here is in a defined order (items and sections in rulebook order,
// facts in first-use order, missing paths sorted), so the same image and submission always give
// the same Result and byte-identical JSON.
#ifndef PAICHA_RT_RESULT_H_
#define PAICHA_RT_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace paicha::rt {

// The status of one item. Order matters only for display grouping.
enum class ItemStatus : uint8_t {
  kMajor,          // 重大事故隐患: condition held, level 重大事故隐患
  kGeneral,        // 一般隐患: condition held, level 一般隐患
  kNonconforming,  // 不符合: condition held, level 不符合
  kCompliant,      // 符合
  kNotApplicable,  // 不适用: applicability is false
  kNotDue,         // 未到期: a deadline or period is not yet reached
  kUndetermined,   // 无法判定: facts are missing
};

// True for the three statuses in which the item's situation holds (a finding).
inline bool IsFinding(ItemStatus s) {
  return s == ItemStatus::kMajor || s == ItemStatus::kGeneral || s == ItemStatus::kNonconforming;
}

// A submitted value as the report shows it. `kind` says how to format `text`.
struct FactValue {
  enum class Kind : uint8_t { kBool, kInt, kDecimal, kQuantity, kEnum, kText, kDate, kList };
  Kind kind = Kind::kText;
  std::string text;  // bool: "true"/"false"; numbers: exact decimal text; enum: the label;
                     // date: YYYY-MM-DD; list: the element count
  std::string unit;  // quantity only: the unit symbol as declared (e.g. "kPa", "人")
};

// One fact that decided an item: a field path in the submission's own names, e.g.
// "除尘系统[2].类型", with its label path for people ("除尘系统 第3项 除尘方式").
struct Fact {
  std::string path;
  std::string label;
  FactValue value;
};

// One situation of an "有下列情形之一 / 至少 N 项" block and whether it held: kUnknown over
// missing data, kNotDue when it rests on a deadline or frequency rule not yet due (not counted).
struct Situation {
  std::string label;
  enum class Holds : uint8_t { kNo, kYes, kUnknown, kNotDue } holds = Holds::kNo;
};

struct ItemResult {
  std::string id;
  std::string title;
  std::string clause;
  std::string section_id;  // innermost enclosing section ("" at top level)
  ItemStatus status = ItemStatus::kUndetermined;
  bool unverified = false;              // the clause text was not checked against the official one
  std::vector<Fact> facts;              // the facts that decided the status
  std::vector<Situation> situations;    // for any_of / all_of / at_least conditions
  std::vector<std::string> missing;     // field paths whose absence made it 无法判定 (sorted)
  std::string explanation;              // the item's 说明 text
  std::string remedy;                   // the item's 整改 text
  std::optional<std::string> deadline;  // rectification deadline as a date, when the item has one
  std::string not_due_until;            // 未到期: the date the period or deadline ends
  // Scoring (checklists): points at stake and points lost. Zero for pure determination items.
  std::string points;  // exact decimal text, "" when the item carries no points
  std::string deducted;
  bool veto = false;  // a veto item that fired
};

struct SectionResult {
  std::string id;
  std::string title;
  std::string max_points;     // applicable maximum (exact decimal text), "" when unscored
  std::string earned_points;  // "" when unscored
  int findings = 0;
  int undetermined = 0;
};

struct Summary {
  int major = 0, general = 0, nonconforming = 0, compliant = 0, not_applicable = 0, not_due = 0,
      undetermined = 0;
  std::string score;   // normalised 0–100 exact decimal text, "" when the rulebook is unscored
  std::string grade;   // from 评级, "" when none
  std::string colour;  // from 风险色, "" when none
};

struct Result {
  std::string rulebook_title;
  std::string rulebook_version;
  std::string content_hash;  // hex of the image's content hash
  std::string report_date;   // YYYY-MM-DD
  std::string subject;       // the submission's unit name when the schema has one, else ""
  std::vector<SectionResult> sections;
  std::vector<ItemResult> items;
  Summary summary;
};

}  // namespace paicha::rt

#endif  // PAICHA_RT_RESULT_H_
