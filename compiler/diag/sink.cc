// DiagnosticSink (compiler/include/paicha/compiler/diagnostic.h).
#include <algorithm>
#include <tuple>
#include <utility>

#include "paicha/compiler/diagnostic.h"

namespace paicha::compiler {

void DiagnosticSink::Report(Diagnostic d) {
  const Severity severity = InfoOf(d.kind).severity;
  if (severity == Severity::kError) {
    ++error_count_;
    if (error_count_ > kMaxErrors) {
      ++dropped_;
      return;
    }
  } else {
    // Warnings (and notes) are capped at the same number, for the same reason: bounded output
    // on garbage input. Kept non-errors = kept diagnostics - kept errors.
    const size_t kept_errors = std::min(error_count_, kMaxErrors);
    if (diags_.size() - kept_errors >= kMaxErrors) {
      ++dropped_;
      return;
    }
  }
  diags_.push_back(std::move(d));
}

void DiagnosticSink::Report(DiagKind kind, Span span, std::vector<DiagArg> args) {
  Report(Diagnostic{kind, span, std::move(args), {}});
}

std::vector<Diagnostic> DiagnosticSink::Sorted() const {
  std::vector<const Diagnostic*> order;
  order.reserve(diags_.size());
  for (const Diagnostic& d : diags_) order.push_back(&d);
  // (file, begin, code) as documented; `end` last so that duplicates become adjacent. Stable:
  // equal keys keep the order of reporting.
  std::stable_sort(order.begin(), order.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::make_tuple(a->span.file, a->span.begin, InfoOf(a->kind).code, a->span.end) <
           std::make_tuple(b->span.file, b->span.begin, InfoOf(b->kind).code, b->span.end);
  });
  std::vector<Diagnostic> out;
  out.reserve(order.size() + 1);
  for (const Diagnostic* d : order) {
    if (!out.empty()) {
      const Diagnostic& last = out.back();
      if (last.kind == d->kind && last.span.file == d->span.file &&
          last.span.begin == d->span.begin && last.span.end == d->span.end) {
        continue;  // the same error found twice (e.g. by two passes): keep the first
      }
    }
    out.push_back(*d);
  }
  if (dropped_ > 0) {
    out.push_back(Diagnostic{
        DiagKind::kTooManyErrors, Span{}, {DiagArg{"count", static_cast<int64_t>(dropped_)}}, {}});
  }
  return out;
}

}  // namespace paicha::compiler
