// `paicha batch RULEBOOK FILE.jsonl [--date D] [--format json|statuses] [-o OUT.jsonl]
// [--threads N]`: evaluates a JSON Lines file, one submission (a JSON object) per line, and
// writes one JSON result per line in input order.
//
// Output lines (one per non-blank input line; blank lines are skipped):
//   - a result, --format json (the default): exactly `paicha eval --format json` (RenderJson,
//     docs/report-json.md) compacted to one line (whitespace between tokens removed; strings
//     untouched);
//   - a result, --format statuses (screening a campaign's submissions: which ones have findings,
//     which cannot be decided): the item ids grouped by status, only the non-empty groups, in
//     the order of docs/report-json.md's summary, ids in rulebook order:
//       {"line":N,"major":["R01","R06"],"undetermined":["R28"],"compliant":[…],…}
//     computed by Evaluator::EvaluateStatuses (no explanations), so several times faster;
//   - a line whose submission has errors:
//       {"line":N,"errors":[{"path":"除尘系统[2].类型","key":"facts.bad_enum","message":"…"}]}
//     with N the 1-based input line number and `message` in the catalog's language; the same
//     errors go to standard error as "第 N 行：…" / "line N: …". Processing continues.
// Unknown-field warnings go to standard error only. At the end one summary line on standard
// error: lines evaluated, with findings, with errors, and item counts per status.
//
// Parallelism: the lines are cut into chunks of kChunkLines; --threads workers (default: the
// number of processors) take chunks in order from an atomic counter and render them into
// per-chunk buffers; the main thread writes the buffers strictly in chunk order as they complete,
// so the output is deterministic and identical for any thread count. The Evaluator is shared
// (it is immutable and thread-safe); each line's Facts live only while that line is processed.
//
// Exit: 2 when a line had errors (or usage/input errors), else 1 when a submission has findings,
// else 0; 3 when the output cannot be written.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "command.h"
#include "common.h"
#include "paicha/rt/report.h"

namespace paicha::cli {
namespace {

// Lines per chunk: large enough that scheduling costs nothing next to evaluation, small enough
// that both cores get work on small files and output starts early.
constexpr size_t kChunkLines = 64;

// Removes the whitespace between JSON tokens (outside strings). RenderJson escapes control
// characters inside strings, so a raw newline can only be formatting.
void AppendCompactJson(std::string_view json, std::string* out) {
  bool in_string = false;
  bool escaped = false;
  for (char c : json) {
    if (in_string) {
      out->push_back(c);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '"') in_string = true;
    out->push_back(c);
  }
}

struct Line {
  size_t number;  // 1-based
  std::string_view text;
};

struct Counts {
  int64_t ok = 0, bad = 0, with_findings = 0;
  int64_t major = 0, general = 0, nonconforming = 0, compliant = 0, not_applicable = 0, not_due = 0,
          undetermined = 0;
  void Add(const Counts& o) {
    ok += o.ok, bad += o.bad, with_findings += o.with_findings;
    major += o.major, general += o.general, nonconforming += o.nonconforming;
    compliant += o.compliant, not_applicable += o.not_applicable, not_due += o.not_due;
    undetermined += o.undetermined;
  }
};

struct Chunk {
  std::string out;  // JSON lines
  std::string err;  // messages for standard error
  Counts counts;
  bool done = false;
};

class BatchCommand : public Command {
 public:
  const char* name() const override { return "batch"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("rulebook", rulebook_);
    app->add_option("input", input_);
    app->add_option("--date", date_);
    app->add_option("-o,--output", output_);
    app->add_option("--threads", threads_);
    app->add_option("--format", format_);
    help->push_back({"", "cli.batch.args", "cli.batch.arg_files"});
    help->push_back({"--date YYYY-MM-DD", "", "cli.opt.date"});
    help->push_back({"--format json|statuses", "", "cli.batch.opt_format"});
    help->push_back({"-o, --output FILE", "", "cli.batch.opt_output"});
    help->push_back({"--threads N", "", "cli.batch.opt_threads"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    if (input_.empty()) return UsageError(context, "cli.error.missing_submission");
    size_t threads = std::max(1u, std::thread::hardware_concurrency());
    if (!threads_.empty()) {
      char* end = nullptr;
      const long n = std::strtol(threads_.c_str(), &end, 10);
      if (end == threads_.c_str() || *end != '\0' || n < 1 || n > 256) {
        return UsageError(context, "cli.error.bad_threads", {{"value", threads_}});
      }
      threads = static_cast<size_t>(n);
    }
    if (format_ != "json" && format_ != "statuses") {
      return UsageError(context, "cli.error.bad_batch_format", {{"value", format_}});
    }
    if (!ParseDateOption(date_, context, &options_.report_date)) return kUsage;

    LoadedRulebook book;
    const int status = LoadRulebook(rulebook_, context, &book);
    if (status != kOk) return status;
    std::string text;
    if (!ReadFile(input_, &text)) {
      PrintMessage(stderr, context.catalog, "cli.error.unreadable", {{"file", input_}});
      return kUsage;
    }

    std::vector<Line> lines;
    size_t start = 0, number = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      ++number;
      std::string_view line(text.data() + start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") != std::string_view::npos) lines.push_back({number, line});
      start = end + 1;
    }

    FILE* out = stdout;
    if (!output_.empty() && output_ != "-") {
      out = std::fopen(output_.c_str(), "wb");
      if (out == nullptr) {
        PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", output_}});
        return kToolFailure;
      }
    }

    const size_t chunk_count = (lines.size() + kChunkLines - 1) / kChunkLines;
    std::vector<Chunk> chunks(chunk_count);
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::condition_variable cv;
    auto work = [&] {
      for (size_t c = next++; c < chunk_count; c = next++) {
        Chunk local;
        const size_t end = std::min(lines.size(), (c + 1) * kChunkLines);
        for (size_t i = c * kChunkLines; i < end; ++i) {
          ProcessLine(*book.evaluator, lines[i], context, &local);
        }
        std::lock_guard<std::mutex> lock(mu);
        chunks[c] = std::move(local);
        chunks[c].done = true;
        cv.notify_all();
      }
    };
    threads = std::min(threads, std::max<size_t>(1, chunk_count));
    spdlog::debug("batch: {} lines, {} chunks, {} threads", lines.size(), chunk_count, threads);
    std::vector<std::thread> workers;
    // One thread: evaluate inline. Otherwise `threads` workers evaluate while this thread only
    // writes finished chunks (it mostly sleeps, so it does not take a core from the workers).
    if (threads == 1) {
      work();
    } else {
      for (size_t t = 0; t < threads; ++t) workers.emplace_back(work);
    }

    Counts total;
    bool write_ok = true;
    for (size_t c = 0; c < chunk_count; ++c) {
      Chunk chunk;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return chunks[c].done; });
        chunk = std::move(chunks[c]);
      }
      write_ok =
          write_ok && std::fwrite(chunk.out.data(), 1, chunk.out.size(), out) == chunk.out.size();
      std::fwrite(chunk.err.data(), 1, chunk.err.size(), stderr);
      total.Add(chunk.counts);
    }
    for (std::thread& t : workers) t.join();
    write_ok = std::fflush(out) == 0 && write_ok;
    if (out != stdout) write_ok = std::fclose(out) == 0 && write_ok;
    PrintMessage(stderr, context.catalog, "cli.batch.summary_line",
                 {{"total", static_cast<int64_t>(lines.size())},
                  {"ok", total.ok},
                  {"with_findings", total.with_findings},
                  {"bad", total.bad},
                  {"major", total.major},
                  {"general", total.general},
                  {"nonconforming", total.nonconforming},
                  {"compliant", total.compliant},
                  {"not_applicable", total.not_applicable},
                  {"not_due", total.not_due},
                  {"undetermined", total.undetermined}});
    if (!write_ok) {
      PrintMessage(stderr, context.catalog, "cli.error.write_failed",
                   {{"file", output_.empty() ? std::string("-") : output_}});
      return kToolFailure;
    }
    if (total.bad > 0) return kUsage;
    return total.with_findings > 0 ? kErrors : kOk;
  }

 private:
  // Evaluates one line into `chunk`. Runs on a worker thread: touches only its arguments and
  // the shared immutable evaluator and catalog.
  void ProcessLine(const rt::Evaluator& evaluator, const Line& line, const Context& context,
                   Chunk* chunk) const {
    const rt::Catalog& catalog = context.catalog;
    rt::LoadResult facts = rt::LoadJsonLine(evaluator.schema(), line.text);
    for (const rt::FactError& w : facts.warnings) {
      chunk->err +=
          catalog.Format("cli.batch.warn_line", {{"line", static_cast<int64_t>(line.number)},
                                                 {"message", catalog.Format(w.key, w.args)}});
      chunk->err += '\n';
    }
    if (!facts.ok()) {
      ++chunk->counts.bad;
      chunk->out += "{\"line\":" + std::to_string(line.number) + ",\"errors\":[";
      for (size_t i = 0; i < facts.errors.size(); ++i) {
        const rt::FactError& e = facts.errors[i];
        const std::string message = catalog.Format(e.key, e.args);
        if (i > 0) chunk->out += ',';
        chunk->out += "{\"path\":";
        AppendJsonString(e.path, &chunk->out);
        chunk->out += ",\"key\":";
        AppendJsonString(e.key, &chunk->out);
        chunk->out += ",\"message\":";
        AppendJsonString(message, &chunk->out);
        chunk->out += '}';
        chunk->err +=
            catalog.Format("cli.batch.bad_line",
                           {{"line", static_cast<int64_t>(line.number)}, {"message", message}});
        chunk->err += '\n';
      }
      if (facts.errors.empty()) {  // facts == nullptr without errors cannot happen; be safe
        chunk->out += "{\"path\":\"\",\"key\":\"facts.syntax\",\"message\":\"\"}";
      }
      chunk->out += "]}\n";
      return;
    }
    Counts& c = chunk->counts;
    ++c.ok;
    if (format_ == "statuses") {
      AppendStatuses(evaluator, *facts.facts, line.number, chunk);
      return;
    }
    const rt::Result result = evaluator.Evaluate(*facts.facts, options_);
    AppendCompactJson(rt::RenderJson(result), &chunk->out);
    chunk->out += '\n';
    const rt::Summary& s = result.summary;
    c.with_findings += (s.major + s.general + s.nonconforming) > 0;
    c.major += s.major, c.general += s.general, c.nonconforming += s.nonconforming;
    c.compliant += s.compliant, c.not_applicable += s.not_applicable, c.not_due += s.not_due;
    c.undetermined += s.undetermined;
  }

  // --format statuses: the line's item ids grouped by status (see the top of the file).
  void AppendStatuses(const rt::Evaluator& evaluator, const rt::Facts& facts, size_t number,
                      Chunk* chunk) const {
    thread_local std::vector<rt::ItemStatus> statuses;
    evaluator.EvaluateStatuses(facts, options_, &statuses);
    const auto& items = evaluator.program().items;
    std::string& out = chunk->out;
    out += "{\"line\":";
    out += std::to_string(number);
    for (rt::ItemStatus group : kStatusOrder) {
      bool first = true;
      for (size_t i = 0; i < statuses.size(); ++i) {
        if (statuses[i] != group) continue;
        if (first) {
          out += ",\"";
          out += rt::StatusCode(group);
          out += "\":[";
          first = false;
        } else {
          out += ',';
        }
        AppendJsonString(items[i].id, &out);
      }
      if (!first) out += ']';
    }
    out += "}\n";
    Counts& c = chunk->counts;
    size_t findings = 0;
    for (rt::ItemStatus st : statuses) {
      switch (st) {
        case rt::ItemStatus::kMajor:
          ++c.major, ++findings;
          break;
        case rt::ItemStatus::kGeneral:
          ++c.general, ++findings;
          break;
        case rt::ItemStatus::kNonconforming:
          ++c.nonconforming, ++findings;
          break;
        case rt::ItemStatus::kCompliant:
          ++c.compliant;
          break;
        case rt::ItemStatus::kNotApplicable:
          ++c.not_applicable;
          break;
        case rt::ItemStatus::kNotDue:
          ++c.not_due;
          break;
        case rt::ItemStatus::kUndetermined:
          ++c.undetermined;
          break;
      }
    }
    c.with_findings += findings > 0;
  }

  // The order of the summary in docs/report-json.md.
  static constexpr rt::ItemStatus kStatusOrder[] = {
      rt::ItemStatus::kMajor,        rt::ItemStatus::kGeneral, rt::ItemStatus::kNonconforming,
      rt::ItemStatus::kUndetermined, rt::ItemStatus::kNotDue,  rt::ItemStatus::kCompliant,
      rt::ItemStatus::kNotApplicable};

  std::string rulebook_;
  std::string input_;
  std::string date_;
  std::string output_;
  std::string threads_;
  std::string format_ = "json";
  rt::EvalOptions options_;
};

}  // namespace

std::unique_ptr<Command> NewBatchCommand() { return std::make_unique<BatchCommand>(); }

}  // namespace paicha::cli
