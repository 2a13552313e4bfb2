// Evaluator: scores one submission against one compiled rulebook and explains every decision.
//
// ---- Usage --------------------------------------------------------------------------------------
//
//   rt::ImageError err;
//   std::unique_ptr<rt::Evaluator> ev = rt::Evaluator::LoadFile("粉尘.paicha", &err);
//   if (!ev) { print catalog.Format(err.MessageKey(), err.Args()); return 1; }
//
//   rt::LoadResult facts = rt::LoadFacts(ev->schema(), yaml_text, rt::FactsFormat::kYaml);
//   if (!facts.ok()) { report facts.errors; return 1; }
//
//   rt::EvalOptions opt;
//   opt.trace = true;                               // explanations for the report
//   rt::Result r = ev->Evaluate(*facts.facts, opt);
//   std::cout << rt::RenderText(r, catalog);        // runtime/report
//
// One Evaluator is loaded once and then used for any number of submissions, from any number of
// threads at the same time (it is immutable after Load; each Evaluate call keeps its state on its
// own stack and heap).
//
// ---- Semantics (docs/language.md §5–6; the generated C++ backend must match byte for byte) ------
//
// Item status: applicability false ⇒ 不适用; unknown ⇒ 无法判定; not-due ⇒ 未到期. Otherwise the
// condition: true ⇒ the item's level; false ⇒ 符合; unknown ⇒ 无法判定; not-due ⇒ 未到期. So an
// item with several deadline/frequency nodes (通用判定口径 3) is 符合 when its due nodes all
// comply and the others are not yet due, its level when a due node fails, 未到期 only when no
// node is due yet, and 无法判定 when missing data could decide it (the not-due nodes hide none).
// Three-valued logic plus not-due (truth.h DueTruth): a missing field is unknown; `且` is decided
// by a known false and `或` by a known true. A not-due value (a deadline not yet passed and not
// done, a frequency rule with no judged period) carries its value so far (holds; `非` flips it)
// and is not counted: every truth-valued combination — `且`, `或`, situations (有下列情形之一 like
// `或`, 下列全部 like `且`, 至少 N 项 counting only counted alternatives that hold) and the macros
// exists (like `或`), all (like `且`) and exists_one — takes the value of its counted operands
// when the not-due ones, read as their value so far, give the same; it is not-due (with the
// value so far) when every operand is not due or when the not-due ones would change the value
// (so `且` with a guard never turns a not-due rule into a violation), and unknown when missing
// data could change it. `非` keeps not-due; 如果 c 则 … 否则 … with a not-due c is not-due with
// the value so far of the branch c's value so far picks. An item's 未到期 date is the earliest
// date on which one of the not-due operands becomes due.
// Macros: `exists` with one true element is true even when others are unknown; count/ratio with
// unknown (or not-due) elements are bounds [known true, known true + unknown], taking only the
// values k (count) or k/size (ratio) for integers k in the bounds, and a comparison with a
// number decides only when every such value gives the same answer: `<` `<=` `>` `>=` when both
// bounds agree; `==` is false when no such value equals the number, true only when the bounds
// coincide at it, else unknown; `!=` is the negation of `==`. An undecided comparison is unknown
// (not-due never passes through comparisons, arithmetic or non-truth macros).
// Frequency rules: judged periods per calendar.h; a period fails when even counting every
// unknown record it cannot reach the count; not-due when no period is judged yet. Deadlines: done
// on or before the deadline ⇒ true; done late, or not done (date absent) with the report date past
// the deadline ⇒ false; not done and deadline not passed ⇒ not-due (until the deadline).
//
// Explanations (EvalOptions::trace): each value carries the facts that decided it (field paths into
// the submission) and the paths whose absence made it unknown, merged per Kleene rules (cel-cpp
// logic_step.cc style): a false `且` keeps only its first false operand's facts, a true `或` its
// first true operand's, otherwise the union; a true `exists` keeps the first true element's facts;
// a false `exists` / true `all` keep every element's plus the list itself. An item's facts are its
// condition's (or, when not applicable, its applicability's), deduplicated in first-use order;
// `missing` is sorted. Situations (有下列情形之一 / 下列全部 / 至少 N 项) evaluated outside macro
// loops are listed with whether each alternative held. Without trace, facts/situations/missing are
// left empty and evaluation allocates almost nothing (the benchmark mode).
//
// Scoring (checklists): an item's points at stake are its 分值, else its deduction cap, else its
// deduction amount. A firing item loses them (or amount × occurrences, capped, when it has
// 扣分 … 每 …; unknown occurrences count as 1); an 无法判定 item loses them too (missing data is
// never a pass); 不适用 and 未到期 items are left out of every maximum. A section's applicable
// maximum is its 满分 (or the sum of its items' and subsections' points) minus the points of the
// items and subsections that do not apply; a section whose applicability is false or whose scored
// items all do not apply has maximum 0. Section earned = max(0, applicable maximum − points lost
// inside it). Score = total earned / total applicable maximum × 100, rounded half up to one decimal
// place (四舍五入, e.g. "87.5"); "" when the rulebook has no points or nothing applicable. 得分 in
// 评级 is that rounded score. A veto item that fires sets the grade to the last 评级 rule's name.
// Grades and colours: the first rule that is true wins (否则 always holds); "" when none.
//
// Determinism: the Result depends only on the image and the Facts (and EvalOptions): no hash
// order, no clock, no locale.
#ifndef PAICHA_RT_EVALUATOR_H_
#define PAICHA_RT_EVALUATOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/calendar.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program.h"
#include "paicha/rt/result.h"
#include "paicha/rt/schema.h"

namespace paicha::rt {

class PreparedFacts;  // gen_support.h

namespace vm_internal {
class Plans;
}  // namespace vm_internal

struct EvalOptions {
  // Overrides the submission's 报告日期 (the CLI's --date). Without either, rules that read the
  // report date are unknown.
  std::optional<Date> report_date;
  // Record explanations (facts, situations, missing paths). Off: statuses and scores only.
  bool trace = true;
  // Budget of macro-loop iterations per evaluation. Every loop visits each list element once, so
  // evaluation always terminates, but a hostile image could nest loops over long lists; a macro
  // cut off by the budget is unknown (its item 无法判定). The default (2^27, about a second) is far
  // above any real rulebook (lists nest at most two deep).
  uint64_t max_loop_steps = uint64_t{1} << 27;
};

class Evaluator {
 public:
  // Decodes and verifies an image (see image.h). Returns nullptr and fills *error on failure.
  // `error` must not be null.
  static std::unique_ptr<Evaluator> Load(std::string_view image_bytes, ImageError* error);
  // Reads the file and calls Load.
  static std::unique_ptr<Evaluator> LoadFile(const std::string& path, ImageError* error);
  // Wraps an already verified program (ReadImage or ProgramBuilder::Finish output). Requires
  // FinishProgram/ReadImage to have succeeded on it.
  static std::unique_ptr<Evaluator> FromProgram(std::shared_ptr<const Program> program);

  // Evaluates one submission. `facts` must have been loaded against schema() (the same Schema
  // object or an equal one). Never fails: problems in the data make items 无法判定.
  // Thread-safe: may be called concurrently on one Evaluator.
  Result Evaluate(const Facts& facts, const EvalOptions& options = EvalOptions()) const;

  // Statuses only, in item order (program().items): no explanations, scores, grades or strings.
  // The same statuses Evaluate gives, several times faster; for throughput (batch screening,
  // benchmarks). `statuses` is overwritten. Thread-safe like Evaluate; options.trace is ignored.
  void EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const;

  // Prepared evaluation (PreparedFacts in paicha/rt/gen_support.h): Prepare copies what
  // EvaluateStatuses reads of `facts` (the fields compared with constants, as typed slots) into
  // one block, once, for a submission evaluated many times or a benchmark that times the
  // evaluation alone; EvaluateStatuses(prepared) then gives the statuses EvaluateStatuses(facts)
  // gives, faster. `facts` must outlive the result. Facts prepared by another rulebook are
  // evaluated as they are. Thread-safe.
  PreparedFacts Prepare(const Facts& facts) const;
  void EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const;

  // The input schema, for loading facts. Lives as long as the Evaluator.
  const Schema& schema() const { return program_->schema; }
  const ProgramMeta& meta() const { return program_->meta; }
  const Program& program() const { return *program_; }
  // Hex SHA-256 of the image payload.
  const std::string& content_hash() const { return program_->content_hash; }

  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

 private:
  explicit Evaluator(std::shared_ptr<const Program> p);
  std::shared_ptr<const Program> program_;
  size_t stack_bound_;  // operand stack size that suffices for every segment
  // The typed plans of EvaluateStatuses (runtime/vm/plan.h); null when the program has none.
  std::shared_ptr<const vm_internal::Plans> plans_;
  uint64_t id_;  // owner identity of the PreparedFacts it makes
};

}  // namespace paicha::rt

#endif  // PAICHA_RT_EVALUATOR_H_
