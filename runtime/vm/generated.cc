// Generated evaluators (paicha/rt/gen_support.h): the embedded image's program evaluated by the
// VM's own item decisions, scoring and result assembly with generated segment functions, and
// statuses computed by native code (paicha/rt/gen_native.h) where the generated file has it.
#include <re2/re2.h>

#include <atomic>
#include <optional>

#include "machine.h"
#include "paicha/rt/gen_native.h"
#include "paicha/rt/gen_support.h"

namespace paicha::rt {

using vm_internal::Machine;
using vm_internal::TV;

std::optional<bool> gen::NativeMatch(const NativeContext& c, uint32_t k, std::string_view text) {
  const re2::RE2* re = c.program->constants[k].re.get();
  if (re == nullptr) return std::nullopt;  // only if the program was never finished
  // RE2::PartialMatch without capture arguments, minus its argument handling.
  return re->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED,
                   nullptr, 0);
}

const RecordValue** gen::NewRecordArray(NativeContext& c, uint32_t n) {
  if (!c.arena) c.arena = std::make_unique<Arena>(4096);
  return c.arena->NewArray<const RecordValue*>(n);
}

uint64_t vm_internal::NewRulebookId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

class GeneratedRulebook final : public CompiledRulebook {
 public:
  GeneratedRulebook(std::shared_ptr<const Program> p, const gen::SegmentFn* segments,
                    gen::NativeSegments native)
      : program_(std::move(p)),
        segments_(segments),
        native_(native.count == program_->segments.size() ? native.segments : nullptr),
        statuses_(native_ != nullptr ? native.statuses : nullptr),
        lets_fn_(native_ != nullptr ? native.lets : nullptr),
        shape_(native_ != nullptr ? native.shape : nullptr),
        stack_bound_(Machine::StackBound(*program_)) {
    const Program& prog = *program_;
    auto fn = [&](int32_t s) -> gen::NativeFn {
      return native_ != nullptr && s >= 0 ? native_[static_cast<size_t>(s)] : nullptr;
    };
    lets_native_ = native_ != nullptr;
    for (const LetDecl& l : prog.lets) lets_native_ = lets_native_ && fn(l.segment) != nullptr;
    if (!lets_native_) return;
    // Constant lets are computed once, here (a context without facts: they read none).
    std::vector<bool> constant(prog.lets.size(), false);
    constant_lets_.resize(prog.lets.size());
    gen::NativeContext c;
    c.program = &prog;
    c.lets = constant_lets_.data();
    for (size_t i = 0; i < prog.lets.size(); ++i) {
      constant[i] = gen::IsConstantSegment(prog, prog.lets[i].segment, constant);
      if (constant[i]) {
        fn(prog.lets[i].segment)(c, &constant_lets_[i]);
      } else {
        varying_lets_.push_back({i, fn(prog.lets[i].segment)});
      }
    }
    items_.reserve(prog.items.size());
    for (const ItemDecl& it : prog.items) {
      items_.push_back({it.applies == kNoSegment ? nullptr : fn(it.applies), fn(it.condition),
                        it.applies == kNoSegment || fn(it.applies) != nullptr,
                        vm_internal::FindingOf(it.level)});
    }
  }
  const Schema& schema() const override { return program_->schema; }
  const ProgramMeta& meta() const override { return program_->meta; }
  const std::string& content_hash() const override { return program_->content_hash; }
  Result Evaluate(const Facts& facts, const EvalOptions& options) const override {
    return vm_internal::EvaluateProgram(*program_, segments_, stack_bound_, facts, options);
  }
  void EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const override;
  PreparedFacts Prepare(const Facts& facts) const override;
  void EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const override;

 private:
  // Statuses with the submission shaped at `shaped` (nullptr when there is no native code);
  // `facts_date` is facts.report_date().
  void Statuses(const Facts& facts, const void* shaped, const std::optional<Date>& facts_date,
                const EvalOptions& options, std::vector<ItemStatus>* statuses) const;

  // An item's native code: it is native when `condition` is not null and `applies_ok`.
  struct NativeItem {
    gen::NativeFn applies;  // nullptr: always applies (when applies_ok)
    gen::NativeFn condition;
    bool applies_ok;
    ItemStatus finding;
  };
  struct VaryingLet {
    size_t index;
    gen::NativeFn fn;
  };

  std::shared_ptr<const Program> program_;
  const gen::SegmentFn* segments_;
  const gen::NativeFn* native_;  // nullptr: no native code
  // The generated code's item loop (NativeSegments::statuses), or nullptr.
  size_t (*statuses_)(gen::NativeContext& c, ItemStatus* out);
  // The generated code's let loop (NativeSegments::lets), or nullptr.
  void (*lets_fn_)(gen::NativeContext& c, gen::NV* lets);
  // The generated code's Shape (NativeSegments::shape), or nullptr.
  const void* (*shape_)(Arena& arena, const Facts& facts);
  size_t stack_bound_;
  bool lets_native_ = false;
  // Distinct for every GeneratedRulebook ever created (never 0): names the owner of a thread's
  // let buffer.
  const uint64_t id_ = vm_internal::NewRulebookId();
  std::vector<gen::NV> constant_lets_;  // every let's slot; the constant ones computed
  std::vector<VaryingLet> varying_lets_;
  std::vector<NativeItem> items_;
};

// The status from the truths of applicability (kTrue when there is none) and condition, as
// evaluator.cc's DecideItem; `condition()` is called only when the item applies.
template <typename T, typename F>
ItemStatus StatusOf(T applies, ItemStatus finding, F condition) {
  if (applies != T::kTrue) {
    return applies == T::kFalse                                  ? ItemStatus::kNotApplicable
           : applies == T::kNotDue || applies == T::kNotDueFalse ? ItemStatus::kNotDue
                                                                 : ItemStatus::kUndetermined;
  }
  switch (condition()) {
    case T::kTrue:
      return finding;
    case T::kFalse:
      return ItemStatus::kCompliant;
    case T::kNotDue:
    case T::kNotDueFalse:
      return ItemStatus::kNotDue;
    case T::kUnknown:
      break;
  }
  return ItemStatus::kUndetermined;
}

// Native statuses: lets, then items in order, natively; from the first item without native code
// on, the rest go through a Machine running the Exec path (lazily created: most rulebooks never
// need it). The loop step budget stays the VM's single per-evaluation budget: the Machine
// evaluates the lets under the full budget (taking the same steps the native lets took), then
// gets the budget minus the steps the native items took.
void GeneratedRulebook::EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                                         std::vector<ItemStatus>* statuses) const {
  if (!lets_native_ || shape_ == nullptr) {
    Statuses(facts, nullptr, facts.report_date(), options, statuses);
    return;
  }
  // The shaped copy in a per-thread arena, reused from call to call (native code never
  // re-enters an evaluation).
  static thread_local Arena arena(4096);
  arena.Reset();
  Statuses(facts, shape_(arena, facts), facts.report_date(), options, statuses);
}

PreparedFacts GeneratedRulebook::Prepare(const Facts& facts) const {
  if (!lets_native_ || shape_ == nullptr) return PreparedFacts(facts);
  // Shaping asks for multiples of 8 bytes aligned to 8 (ShapeValue, the structs), so the one
  // block loses nothing to padding.
  const void* shaped = nullptr;
  Arena arena = vm_internal::PrepareInOneBlock([&](Arena& a) { return shape_(a, facts); }, &shaped);
  return PreparedFacts(facts, id_, std::move(arena), shaped);
}

void GeneratedRulebook::EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                                         std::vector<ItemStatus>* statuses) const {
  if (prepared.owner() != id_) {
    EvaluateStatuses(prepared.facts(), options, statuses);
    return;
  }
  Statuses(prepared.facts(), prepared.shaped(), prepared.report_date(), options, statuses);
}

void GeneratedRulebook::Statuses(const Facts& facts, const void* shaped,
                                 const std::optional<Date>& facts_date, const EvalOptions& options,
                                 std::vector<ItemStatus>* statuses) const {
  const Program& p = *program_;
  if (!lets_native_ || shape_ == nullptr) {
    vm_internal::EvaluateProgramStatuses(p, segments_, stack_bound_, facts, options, statuses);
    return;
  }
  gen::NativeContext c;
  c.program = &p;
  c.facts = &facts;
  c.shaped = shaped;
  c.report = options.report_date ? options.report_date : facts_date;
  c.max_loop_steps = options.max_loop_steps;
  // The lets' values, in a per-thread buffer (native code never re-enters an evaluation). The
  // constant ones are copied in only when the buffer last served another rulebook.
  struct LetBuffer {
    uint64_t owner = 0;  // the id_ of the rulebook whose constant lets it holds
    std::vector<gen::NV> lets;
  };
  static thread_local LetBuffer buffer;
  if (buffer.owner != id_) {
    buffer.lets = constant_lets_;
    buffer.owner = id_;
  }
  gen::NV* lets = buffer.lets.data();
  c.lets = lets;
  if (lets_fn_ != nullptr) {
    lets_fn_(c, lets);
  } else {
    for (const VaryingLet& l : varying_lets_) l.fn(c, &lets[l.index]);
  }
  const uint64_t let_steps = c.loop_steps;

  const size_t n = items_.size();
  statuses->resize(n);
  ItemStatus* out = statuses->data();
  size_t i = statuses_ != nullptr ? statuses_(c, out) : 0;
  for (; i < n; ++i) {
    const NativeItem& it = items_[i];
    if (it.condition == nullptr || !it.applies_ok) break;
    const gen::NT applies = it.applies == nullptr ? gen::NT::kTrue : it.applies(c, nullptr);
    out[i] = StatusOf(applies, it.finding, [&] { return it.condition(c, nullptr); });
  }
  if (i == n) return;

  Machine m(p, facts, c.report, /*trace=*/false, stack_bound_);
  m.set_compiled(segments_);
  m.set_max_loop_steps(options.max_loop_steps);
  m.EvalLets();
  const uint64_t item_steps = c.loop_steps - let_steps;
  m.set_max_loop_steps(options.max_loop_steps >= item_steps ? options.max_loop_steps - item_steps
                                                            : 0);
  for (; i < n; ++i) {
    const ItemDecl& it = p.items[i];
    const TV applies = it.applies == kNoSegment ? TV::kTrue : Machine::TruthOf(m.Run(it.applies));
    out[i] =
        StatusOf(applies, items_[i].finding, [&] { return Machine::TruthOf(m.Run(it.condition)); });
  }
}

}  // namespace

std::unique_ptr<CompiledRulebook> gen::MakeCompiledRulebook(std::string_view image,
                                                            const SegmentFn* segments,
                                                            size_t segment_count,
                                                            ImageError* error) {
  return MakeCompiledRulebook(image, segments, segment_count, NativeSegments{}, error);
}

std::unique_ptr<CompiledRulebook> gen::MakeCompiledRulebook(std::string_view image,
                                                            const SegmentFn* segments,
                                                            size_t segment_count,
                                                            NativeSegments native,
                                                            ImageError* error) {
  std::shared_ptr<const Program> p = ReadImage(image, error);
  if (!p) return nullptr;
  if ((segments == nullptr && segment_count > 0) || segment_count != p->segments.size()) {
    error->code = ImageErrorCode::kInvalid;
    error->detail = "generated code has " + std::to_string(segment_count) +
                    " segment functions, the embedded image " + std::to_string(p->segments.size()) +
                    " segments";
    return nullptr;
  }
  if (native.count != 0 && (native.count != segment_count || native.segments == nullptr)) {
    error->code = ImageErrorCode::kInvalid;
    error->detail = "generated code has " + std::to_string(native.count) +
                    " native segment entries, the embedded image " +
                    std::to_string(p->segments.size()) + " segments";
    return nullptr;
  }
  for (size_t i = 0; i < segment_count; ++i) {
    if (segments[i] == nullptr) {
      error->code = ImageErrorCode::kInvalid;
      error->detail = "generated segment function " + std::to_string(i) + " is null";
      return nullptr;
    }
  }
  return std::make_unique<GeneratedRulebook>(std::move(p), segments, native);
}

}  // namespace paicha::rt
