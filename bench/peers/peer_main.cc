// The program shared by paicha-peer (the VM) and paicha-peer-gen (the rulebook compiled to C++):
// everything but loading the rulebook, written against rt::CompiledRulebook. peer.h describes
// the protocol.
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

#include "peer.h"

#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/result.h"

namespace paicha_peer {
namespace {

// Rulebook field name -> submission key (see peer.h).
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
  std::string mode, in, out;
  double min_seconds = 2;
  int threads = 0;           // 0: default
  bool full_result = false;  // --api result: Evaluate instead of EvaluateStatuses
};

// The options start at argv[first].
bool ParseArgs(int argc, char** argv, int first, Options* o) {
  if (argc < first) return false;
  for (int i = first; i + 1 < argc; i += 2) {
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
      char* end = nullptr;
      const int64_t t = std::strtoll(v, &end, 10);
      if (end == v || *end != '\0' || t < 1 || t > 256) return false;
      o->threads = static_cast<int>(t);
    } else if (k == "--api") {
      if (std::string_view(v) != "result" && std::string_view(v) != "statuses") return false;
      o->full_result = std::string_view(v) == "result";
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return false;
    }
  }
  if ((argc - first) % 2 != 0) return false;
  return !o->in.empty() && !o->out.empty() && (o->mode == "eval" || o->mode == "e2e");
}

// Item order for the output: item indexes sorted by id, and the ids.
struct ItemOrder {
  std::vector<size_t> bit_of_item;  // item index -> bit in Mask
  bool identity = false;            // bit_of_item[i] == i for every item (ids in item order)
  std::vector<std::string> ids;     // bit -> id
};

// `ids`: the item ids in item order.
ItemOrder MakeItemOrder(const std::vector<std::string>& ids) {
  std::vector<size_t> by_id(ids.size());
  for (size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
  std::sort(by_id.begin(), by_id.end(), [&](size_t a, size_t b) { return ids[a] < ids[b]; });
  ItemOrder o;
  o.bit_of_item.resize(ids.size());
  for (size_t bit = 0; bit < by_id.size(); ++bit) {
    o.bit_of_item[by_id[bit]] = bit;
    o.ids.push_back(ids[by_id[bit]]);
  }
  o.identity = true;
  for (size_t i = 0; i < o.bit_of_item.size(); ++i)
    o.identity = o.identity && o.bit_of_item[i] == i;
  return o;
}

// A cache hint for one object (its first 64 bytes).
inline void PrefetchObject(const void* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p, 0, 3);
#else
  (void)p;
#endif
}

// Evaluates one record. `statuses` is the caller's reusable buffer (one per thread). With
// full_result, goes through Evaluate (the whole Result, as `paicha eval` does) instead of the
// status-only EvaluateStatuses; both give the same statuses (kept to measure the difference).
Mask Evaluate(const rt::CompiledRulebook& ev, const rt::PreparedFacts& facts,
              const rt::EvalOptions& opt, const ItemOrder& order, bool full_result,
              std::vector<rt::ItemStatus>* statuses) {
  Mask m = 0;
  if (full_result) {
    const rt::Result r = ev.Evaluate(facts.facts(), opt);
    for (size_t i = 0; i < r.items.size(); ++i) {
      if (rt::IsFinding(r.items[i].status)) m |= Mask{1} << order.bit_of_item[i];
    }
    return m;
  }
  ev.EvaluateStatuses(facts, opt, statuses);
  // Without a branch per item: whether an item is a finding is data, not a predictable pattern.
  const rt::ItemStatus* s = statuses->data();
  const size_t n = statuses->size();
  if (order.identity) {  // the usual case (R01..R30 in order): no table, a loop GCC vectorises
    for (size_t i = 0; i < n; ++i) m |= static_cast<Mask>(rt::IsFinding(s[i])) << i;
    return m;
  }
  for (size_t i = 0; i < n; ++i)
    m |= static_cast<Mask>(rt::IsFinding(s[i])) << order.bit_of_item[i];
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
  const auto size = ok ? std::ftell(f) : -1;  // long, as ftell gives it
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

// A record as loaded for eval: its facts, and the facts prepared by the rulebook
// (CompiledRulebook::Prepare: the generated evaluator's typed copy, made here at load time the
// way the C++ baseline loads each record into its typed struct; the VM's are the facts as they
// are).
struct Loaded {
  std::unique_ptr<rt::Facts> facts;
  rt::PreparedFacts prepared;
};

bool RunEval(const Options& o, const rt::CompiledRulebook& ev, const rt::Schema& schema,
             const ItemOrder& order, RunStats* st) {
  const rt::EvalOptions opt{std::nullopt, /*trace=*/false};
  std::vector<Loaded> records;
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
      rt::LoadResult r = rt::LoadJsonLine(schema, line);
      if (!r.ok()) {
        ReportLoadError(records.size(), r);
        ok = false;
        return;
      }
      st->warnings += r.warnings.size();
      const rt::Facts& facts = *r.facts;
      records.push_back(Loaded{std::move(r.facts), rt::PreparedFacts(facts)});
    });
    if (!ok) return false;
    // Prepared after all are loaded: each record's prepared copy then follows the previous
    // one's in memory, as the evaluation reads them.
    for (Loaded& l : records) l.prepared = ev.Prepare(*l.facts);
  }
  st->load_seconds = Now() - t0;
  const size_t n = records.size();
  st->n = n;
  std::vector<Mask> masks(n);
  std::vector<rt::ItemStatus> statuses;
  const size_t warm = std::min<size_t>(n, 10000);
  for (size_t i = 0; i < warm; ++i) {
    masks[i] = Evaluate(ev, records[i].prepared, opt, order, o.full_result, &statuses);
  }
  st->passes = 0;
  t0 = Now();
  do {
    for (size_t i = 0; i < n; ++i) {
      // What the next evaluation reads: its shaped copy, or (the VM) its facts, and then two
      // stages ahead the Facts object after next (a heap object of its own, so that the next
      // Prefetch does not wait for it).
      if (i + 2 < n && records[i + 2].prepared.shaped() == nullptr) {
        PrefetchObject(records[i + 2].facts.get());
      }
      if (i + 1 < n) records[i + 1].prepared.Prefetch();
      masks[i] = Evaluate(ev, records[i].prepared, opt, order, o.full_result, &statuses);
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

void ProcessChunk(const rt::CompiledRulebook& ev, const rt::Schema& schema, const ItemOrder& order,
                  bool full_result, Chunk* c) {
  const rt::EvalOptions opt{std::nullopt, /*trace=*/false};
  std::vector<rt::ItemStatus> statuses;
  c->masks.reserve(c->text.size() / 1024 + 16);
  ForEachLine(c->text, [&](std::string_view line) {
    if (c->failed) return;
    rt::LoadResult r = rt::LoadJsonLine(schema, line);
    if (!r.ok()) {
      c->failed = true;
      c->failed_line = c->masks.size();
      c->failure = std::move(r);
      return;
    }
    c->warnings += r.warnings.size();
    // Evaluated once: not prepared (a generated evaluator shapes the facts in the call).
    c->masks.push_back(
        Evaluate(ev, rt::PreparedFacts(*r.facts), opt, order, full_result, &statuses));
  });
}

bool RunE2e(const Options& o, const rt::CompiledRulebook& ev, const rt::Schema& schema,
            const ItemOrder& order, RunStats* st) {
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
      ProcessChunk(ev, schema, order, o.full_result, &chunks[i]);
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

void RenameKeys(rt::Schema* schema) {
  for (rt::RecordDef& record : schema->records) {
    for (rt::FieldDef& field : record.fields) {
      for (const auto& [name, key] : kKeyAliases) {
        if (field.name == name) field.name = std::string(key);
      }
    }
  }
}

int PeerMain(int argc, char** argv, int first_option, const char* peer, const Loader& load) {
  Options o;
  if (!ParseArgs(argc, argv, first_option, &o)) {
    std::fprintf(stderr,
                 "usage: %s%s --mode eval|e2e --in FILE --out FILE "
                 "[--min-seconds S] [--threads N] [--api statuses|result]\n",
                 argv[0], first_option > 1 ? " IMAGE" : "");
    return 2;
  }
  double t = Now();
  Rulebook rb;
  if (!load(&rb)) return 1;
  const double load_image_ms = (Now() - t) * 1e3;
  // The item ids in item order: from one Evaluate of an empty submission (before any timer).
  std::vector<std::string> ids;
  {
    rt::LoadResult empty = rt::LoadJsonLine(rb.schema, "{}");
    if (!empty.ok()) {
      std::fprintf(stderr, "cannot load an empty record\n");
      return 1;
    }
    for (const rt::ItemResult& item : rb.rulebook->Evaluate(*empty.facts).items) {
      ids.push_back(item.id);
    }
  }
  if (ids.size() > kMaxItems) {
    std::fprintf(stderr, "%s: more than %zu items\n", peer, kMaxItems);
    return 1;
  }
  const ItemOrder order = MakeItemOrder(ids);

  RunStats st;
  if (o.mode == "e2e") {
    const unsigned hw = std::thread::hardware_concurrency();
    st.threads = o.threads > 0 ? o.threads : (hw >= 2 ? 2 : 1);
    if (!RunE2e(o, *rb.rulebook, rb.schema, order, &st)) return 1;
  } else {
    if (!RunEval(o, *rb.rulebook, rb.schema, order, &st)) return 1;
  }
  if (st.warnings > 0) {
    std::fprintf(stderr, "note: %zu loader warnings (unknown fields?)\n", st.warnings);
  }
  const double evaluated = static_cast<double>(st.n) * static_cast<double>(st.passes);
  std::printf(
      "{\"peer\":\"%s\",\"mode\":\"%s\",\"n\":%zu,\"passes\":%zu,\"seconds\":%.6f,"
      "\"records_per_s\":%.1f,\"load_seconds\":%.6f,\"compile_ms\":%.3f,\"threads\":%d,"
      "\"api\":\"%s\"}\n",
      peer, o.mode.c_str(), st.n, st.passes, st.seconds,
      st.seconds > 0 ? evaluated / st.seconds : 0.0, st.load_seconds, load_image_ms, st.threads,
      o.full_result ? "result" : "statuses");
  return 0;
}

}  // namespace paicha_peer
