// Hand-built rt::Result values for the report tests: the unit tests in runtime/report and the
// render goldens in tests/golden/report. Each builder returns the same Result on every call (no
// clocks, no randomness), so goldens are stable. Test-only: not part of paicha_rt_report.
#ifndef PAICHA_RUNTIME_REPORT_TESTING_SAMPLE_RESULTS_H_
#define PAICHA_RUNTIME_REPORT_TESTING_SAMPLE_RESULTS_H_

#include <string>
#include <vector>

#include "paicha/rt/result.h"

namespace paicha::rt::testing {

// Every item compliant or not applicable: the report must say that no hazard was found.
Result CleanResult();

// One 重大事故隐患 with facts of every kind (enum, quantity 0.30 MPa, int, bool, list, date,
// text) and an any_of block with held / not held / unknown situations, plus a 一般隐患 and a
// 不符合, a deadline, and an unverified clause.
Result MajorHazardResult();

// Missing data: 无法判定 items naming their missing field paths (one with none recorded), a
// 未到期 item with its date, and an unverified compliant item.
Result MissingDataResult();

// A scored checklist: sections with points, deductions, a veto item, score 86.5, grade 二级,
// colour 黄, and a large integer fact (no digit grouping).
Result ScoredResult();

// Hostile strings: markup, quotes, ANSI escapes, invalid UTF-8, CR LF. For escaping tests only.
Result HostileResult();

// A named sample, for table-driven tests.
struct NamedResult {
  std::string name;  // file-name safe: clean, major_hazard, missing_data, scored
  Result result;
};
// The four golden samples above (not the hostile one), in a fixed order.
std::vector<NamedResult> GoldenSamples();

}  // namespace paicha::rt::testing

#endif  // PAICHA_RUNTIME_REPORT_TESTING_SAMPLE_RESULTS_H_
