// paicha-peer: paicha as one peer of the shared rule-engine benchmark (/work/shared/bench/peers).
//
//   paicha-peer IMAGE.pcb --mode eval|e2e --in FILE --out FILE [--min-seconds S] [--threads N]
//               [--api statuses|result]
//   paicha-peer IMAGE.pcb --disassemble      (developer aid: the bytecode, after key renaming)
//
// IMAGE is workload.rules compiled by `paicha build`. The harness's protocol (its README and
// js/harness.mjs), followed exactly:
//  - eval: every JSON line is loaded into rt::Facts first (untimed; reported as load_seconds),
//    the first min(n, 10000) records are evaluated as a warm-up, then whole passes over all
//    records are timed until at least S seconds have elapsed; records_per_s = n × passes / time.
//    Single-threaded, like every other peer's eval.
//  - e2e: one cold pass timed from opening the file to the findings file written: read, JSON
//    parse + typed load (rt::LoadJsonLine, simdjson), evaluate, format, write. The file is cut into
//    chunks at line boundaries and `--threads` workers (default: 2, or 1 on a one-core machine)
//    take chunks in turn, the way `paicha batch` would; findings are written in input order.
//  - output: one line per non-empty input line, "index<TAB>R01,R07" (0-based index, the fired
//    item ids in ascending order, nothing after the tab when none fired), and one JSON line on
//    stdout {"peer","mode","n","passes","seconds","records_per_s",...}.
// A rule "fires" iff its item's status is a finding (IsFinding): the rulebook encodes the
// harness's missing-field semantics so that unknown never fires (see workload.rules).
//
// Evaluation uses EvalOptions.trace = false and, by default, Evaluator::EvaluateStatuses (the
// runtime's status-only throughput API: no Result, no strings); `--api result` goes through
// Evaluator::Evaluate and builds the whole Result per record instead, as `paicha eval` does.
//
// Field-key aliases: rulebook field names are identifiers and cannot start with a digit, but the
// workload's records use the key "20区电气防爆". workload.rules declares `二十区电气防爆`; after
// loading the image this peer renames that schema field to the submission's key (kKeyAliases)
// and re-verifies the program (rt::FinishProgram). This is a language gap, not a benchmark trick:
// the renaming happens once, before any timer starts.
//
// Failure: any record that does not load without errors (schema mismatch) stops the run with exit
// status 1 and the first error on stderr; a wrong schema must not look like a fast peer. This
// tool's own messages are English developer output for the harness, not user-facing text.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program.h"
#include "paicha/rt/program_builder.h"
#include "paicha/rt/result.h"

namespace {

namespace rt = paicha::rt;

// Rulebook field name -> submission key (see the header comment).
constexpr std::pair<std::string_view, std::string_view> kKeyAliases[] = {
    {"二十区电气防爆", "20区电气防爆"},
};

// The findings of one record: bit k = the k-th item in ascending id order fired. The workload has
// 30 items; more than 64 is rejected at start-up.
using Mask = uint64_t;
constexpr size_t kMaxItems = 64;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Options {
  std::string image, mode, in, out;
  double min_seconds = 2;
  int threads = 0;           // 0: default
  bool full_result = false;  // --api result: Evaluate instead of EvaluateStatuses
};

bool ParseArgs(int argc, char** argv, Options* o) {
  if (argc < 2) return false;
  o->image = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string_view k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--mode") {
      o->mode = v;
    } else if (k == "--in") {
      o->in = v;
    } else if (k == "--out") {
      o->out = v;
    } else if (k == "--min-seconds") {
      o->min_seconds = std::strtod(v, nullptr);
    } else if (k == "--threads") {
      o->threads = std::atoi(v);
    } else if (k == "--api") {
      if (std::string_view(v) != "result" && std::string_view(v) != "statuses") return false;
      o->full_result = std::string_view(v) == "result";
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return false;
    }
  }
  if ((argc - 2) % 2 != 0) return false;
  return !o->in.empty() && !o->out.empty() && (o->mode == "eval" || o->mode == "e2e");
}

// Loads the image, applies kKeyAliases and re-verifies. nullptr (with a message) on failure.
std::unique_ptr<rt::Evaluator> LoadEvaluator(const std::string& path) {
  rt::ImageError error;
  std::shared_ptr<const rt::Program> image = rt::ReadImageFile(path, &error);
  if (!image) {
    std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), error.DebugString().c_str());
    return nullptr;
  }
  auto program = std::make_shared<rt::Program>(*image);
  for (rt::RecordDef& record : program->schema.records) {
    for (rt::FieldDef& field : record.fields) {
      for (const auto& [name, key] : kKeyAliases) {
        if (field.name == name) field.name = std::string(key);
      }
    }
  }
  if (std::string why = rt::FinishProgram(program.get()); !why.empty()) {
    std::fprintf(stderr, "%s: after renaming keys: %s\n", path.c_str(), why.c_str());
    return nullptr;
  }
  return rt::Evaluator::FromProgram(std::move(program));
}

// Item order for the output: item indexes sorted by id, and the ids.
struct ItemOrder {
  std::vector<size_t> bit_of_item;  // item index -> bit in Mask
  std::vector<std::string> ids;     // bit -> id
};

ItemOrder MakeItemOrder(const rt::Program& p) {
  std::vector<size_t> by_id(p.items.size());
  for (size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::sort(by_id.begin(), by_id.end(),
            [&](size_t a, size_t b) { return p.items[a].id < p.items[b].id; });
  ItemOrder o;
  o.bit_of_item.resize(p.items.size());
  for (size_t bit = 0; bit < by_id.size(); ++bit) {
    o.bit_of_item[by_id[bit]] = bit;
    o.ids.push_back(p.items[by_id[bit]].id);
  }
  return o;
}

// Evaluates one record. `statuses` is the caller's reusable buffer (one per thread). With
// full_result, goes through Evaluate (the whole Result, as `paicha eval` does) instead of the
// status-only EvaluateStatuses; both give the same statuses (kept to measure the difference).
Mask Evaluate(const rt::Evaluator& ev, const rt::Facts& facts, const rt::EvalOptions& opt,
              const ItemOrder& order, bool full_result, std::vector<rt::ItemStatus>* statuses) {
  Mask m = 0;
  if (full_result) {
    const rt::Result r = ev.Evaluate(facts, opt);
    for (size_t i = 0; i < r.items.size(); ++i) {
      if (rt::IsFinding(r.items[i].status)) m |= Mask{1} << order.bit_of_item[i];
    }
    return m;
  }
  ev.EvaluateStatuses(facts, opt, statuses);
  for (size_t i = 0; i < statuses->size(); ++i) {
    if (rt::IsFinding((*statuses)[i])) m |= Mask{1} << order.bit_of_item[i];
  }
  return m;
}

void AppendFindings(std::string* out, size_t index, Mask m, const ItemOrder& order) {
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%zu\t", index);
  out->append(buf, static_cast<size_t>(n));
  bool first = true;
  for (size_t bit = 0; m != 0; ++bit, m >>= 1) {
    if ((m & 1) == 0) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append(order.ids[bit]);
  }
  out->push_back('\n');
}

bool ReadFile(const std::string& path, std::string* data) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  bool ok = std::fseek(f, 0, SEEK_END) == 0;
  const long size = ok ? std::ftell(f) : -1;
  ok = ok && size >= 0 && std::fseek(f, 0, SEEK_SET) == 0;
  if (ok) {
    data->resize(static_cast<size_t>(size));
    ok = std::fread(data->data(), 1, data->size(), f) == data->size();
  }
  return std::fclose(f) == 0 && ok;
}

bool WriteFile(const std::string& path, const std::string& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

// Calls f(line) for every non-empty line of `text` (a trailing '\r' is dropped).
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) f(line);
    pos = nl + 1;
  }
}

// Reports the first load error of record `index` (schema mismatch) on stderr.
void ReportLoadError(size_t index, const rt::LoadResult& r) {
  if (r.errors.empty()) {
    std::fprintf(stderr, "record %zu: could not be loaded\n", index);
  } else {
    std::fprintf(stderr, "record %zu: %s at %s (%zu errors)\n", index, r.errors[0].key.c_str(),
                 r.errors[0].path.c_str(), r.errors.size());
  }
}

struct RunStats {
  size_t n = 0, passes = 1, warnings = 0;
  double seconds = 0, load_seconds = 0;
  int threads = 1;
};

// ---- eval ------------------------------------------------------------------------------------

bool RunEval(const Options& o, const rt::Evaluator& ev, const ItemOrder& order, RunStats* st) {
  const rt::EvalOptions opt{std::nullopt, /*trace=*/false};
  std::vector<std::unique_ptr<rt::Facts>> records;
  double t0 = Now();
  {
    std::string text;
    if (!ReadFile(o.in, &text)) {
      std::fprintf(stderr, "cannot read %s\n", o.in.c_str());
      return false;
    }
    bool ok = true;
    ForEachLine(text, [&](std::string_view line) {
      if (!ok) return;
      rt::LoadResult r = rt::LoadJsonLine(ev.schema(), line);
      if (!r.ok()) {
        ReportLoadError(records.size(), r);
        ok = false;
        return;
      }
      st->warnings += r.warnings.size();
      records.push_back(std::move(r.facts));
    });
    if (!ok) return false;
  }
  st->load_seconds = Now() - t0;
  const size_t n = records.size();
  st->n = n;
  std::vector<Mask> masks(n);
  std::vector<rt::ItemStatus> statuses;
  const size_t warm = std::min<size_t>(n, 10000);
  for (size_t i = 0; i < warm; ++i) {
    masks[i] = Evaluate(ev, *records[i], opt, order, o.full_result, &statuses);
  }
  st->passes = 0;
  t0 = Now();
  do {
    for (size_t i = 0; i < n; ++i) {
      masks[i] = Evaluate(ev, *records[i], opt, order, o.full_result, &statuses);
    }
    ++st->passes;
    st->seconds = Now() - t0;
  } while (st->seconds < o.min_seconds);
  std::string out;
  out.reserve(n * 16);
  for (size_t i = 0; i < n; ++i) AppendFindings(&out, i, masks[i], order);
  if (!WriteFile(o.out, out)) {
    std::fprintf(stderr, "cannot write %s\n", o.out.c_str());
    return false;
  }
  return true;
}

// ---- e2e -------------------------------------------------------------------------------------

// A piece of the input cut at a line boundary, and what its worker found.
struct Chunk {
  std::string_view text;
  std::vector<Mask> masks;
  size_t warnings = 0;
  bool failed = false;
  size_t failed_line = 0;  // chunk-local index of the line that failed to load
  rt::LoadResult failure;
};

void ProcessChunk(const rt::Evaluator& ev, const ItemOrder& order, bool full_result, Chunk* c) {
  const rt::EvalOptions opt{std::nullopt, /*trace=*/false};
  std::vector<rt::ItemStatus> statuses;
  c->masks.reserve(c->text.size() / 1024 + 16);
  ForEachLine(c->text, [&](std::string_view line) {
    if (c->failed) return;
    rt::LoadResult r = rt::LoadJsonLine(ev.schema(), line);
    if (!r.ok()) {
      c->failed = true;
      c->failed_line = c->masks.size();
      c->failure = std::move(r);
      return;
    }
    c->warnings += r.warnings.size();
    c->masks.push_back(Evaluate(ev, *r.facts, opt, order, full_result, &statuses));
  });
}

bool RunE2e(const Options& o, const rt::Evaluator& ev, const ItemOrder& order, RunStats* st) {
  const double t0 = Now();
  std::string text;
  if (!ReadFile(o.in, &text)) {
    std::fprintf(stderr, "cannot read %s\n", o.in.c_str());
    return false;
  }
  // Chunks of about 1 MiB (≈ 500 records): small enough to balance two workers, large enough that
  // taking one costs nothing.
  constexpr size_t kChunkBytes = 1 << 20;
  std::vector<Chunk> chunks;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.size(), pos + kChunkBytes);
    if (end < text.size()) {
      const size_t nl = text.find('\n', end);
      end = nl == std::string::npos ? text.size() : nl + 1;
    }
    chunks.emplace_back();
    chunks.back().text = std::string_view(text).substr(pos, end - pos);
    pos = end;
  }
  const int threads = std::max(1, std::min<int>(st->threads, static_cast<int>(chunks.size())));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < chunks.size();)
      ProcessChunk(ev, order, o.full_result, &chunks[i]);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  std::string out;
  out.reserve(text.size() / 64);
  size_t index = 0;
  for (Chunk& c : chunks) {
    if (c.failed) {
      ReportLoadError(index + c.failed_line, c.failure);
      return false;
    }
    st->warnings += c.warnings;
    for (Mask m : c.masks) AppendFindings(&out, index++, m, order);
  }
  if (!WriteFile(o.out, out)) {
    std::fprintf(stderr, "cannot write %s\n", o.out.c_str());
    return false;
  }
  st->seconds = Now() - t0;
  st->n = index;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[2]) == "--disassemble") {  // developer aid
    std::unique_ptr<rt::Evaluator> ev = LoadEvaluator(argv[1]);
    if (!ev) return 1;
    std::fputs(rt::Disassemble(ev->program()).c_str(), stdout);
    return 0;
  }
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr,
                 "usage: paicha-peer IMAGE --mode eval|e2e --in FILE --out FILE "
                 "[--min-seconds S] [--threads N] [--api statuses|result]\n");
    return 2;
  }
  double t = Now();
  std::unique_ptr<rt::Evaluator> ev = LoadEvaluator(o.image);
  if (!ev) return 1;
  const double load_image_ms = (Now() - t) * 1e3;
  if (ev->program().items.size() > kMaxItems) {
    std::fprintf(stderr, "%s: more than %zu items\n", o.image.c_str(), kMaxItems);
    return 1;
  }
  const ItemOrder order = MakeItemOrder(ev->program());

  RunStats st;
  if (o.mode == "e2e") {
    const unsigned hw = std::thread::hardware_concurrency();
    st.threads = o.threads > 0 ? o.threads : (hw >= 2 ? 2 : 1);
    if (!RunE2e(o, *ev, order, &st)) return 1;
  } else {
    if (!RunEval(o, *ev, order, &st)) return 1;
  }
  if (st.warnings > 0) {
    std::fprintf(stderr, "note: %zu loader warnings (unknown fields?)\n", st.warnings);
  }
  const double evaluated = static_cast<double>(st.n) * static_cast<double>(st.passes);
  std::printf(
      "{\"peer\":\"paicha\",\"mode\":\"%s\",\"n\":%zu,\"passes\":%zu,\"seconds\":%.6f,"
      "\"records_per_s\":%.1f,\"load_seconds\":%.6f,\"compile_ms\":%.3f,\"threads\":%d,"
      "\"api\":\"%s\"}\n",
      o.mode.c_str(), st.n, st.passes, st.seconds, st.seconds > 0 ? evaluated / st.seconds : 0.0,
      st.load_seconds, load_image_ms, st.threads, o.full_result ? "result" : "statuses");
  return 0;
}
