// syncsim run / explain / replay
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/explain.hpp"
#include "reports/summary.hpp"
#include "reports/trace_export.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/sweep.hpp"
#include "sim/js/js_extension.hpp"
#include "sim/runtime/build_info.hpp"
#include "sim/world/world.hpp"

namespace syncsim::cli {

namespace {
bool report_errors(const sim::ScenarioLoad& l) {
  for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
  return !l.errors.empty();
}

std::string replay_line(const std::string& file, const RunOptions& o, const std::string& strategy, std::uint64_t seed) {
  if (!o.extension.empty())
    return fmt::format("syncsim run {} --extension {} --claims {} --seed {}", file, o.extension, o.claims, seed);
  return fmt::format("syncsim run {} --strategy {} --seed {}", file, strategy, seed);
}

// A scenario whose strategy is a team's bundle: the bundle it recorded, unchanged (by its
// fingerprint), found as recorded or beside the scenario file.
std::optional<std::string> recorded_extension(const sim::Scenario& s) {
  if (!s.extension) {
    std::cerr << "syncsim: " << s.path << ": /extension: expected the bundle a js: strategy runs, found nothing\n";
    return std::nullopt;
  }
  const sim::ExtensionRef& e = *s.extension;
  std::string path = e.bundle;
  if (!sim::bundle_fingerprint(path)) {
    const auto dir = std::filesystem::path(s.path).parent_path();
    const auto beside = (dir / std::filesystem::path(e.bundle).filename()).string();
    if (sim::bundle_fingerprint(beside)) path = beside;
  }
  const auto fp = sim::bundle_fingerprint(path);
  if (!fp) {
    std::cerr << "syncsim: " << s.path << ": /extension/bundle: expected a readable bundle, found no file at " << e.bundle << "\n";
    return std::nullopt;
  }
  if (*fp != e.hash) {
    std::cerr << "syncsim: " << s.path << ": /extension/hash: expected the bundle recorded (" << e.hash << "), found "
              << path << " changed (" << *fp << ")\n";
    return std::nullopt;
  }
  return use_extension(path, e.claims);
}

// --trace PATH [--trace-format F]: checked before the run (its directory is created if missing).
bool trace_option_ok(const std::string& path, std::string& format) {
  if (!path.empty() && format.empty()) format = path.size() > 6 && path.ends_with(".jsonl") ? "jsonl" : "chrome";
  if (!format.empty() && format != "jsonl" && format != "chrome") {
    std::cerr << "syncsim: --trace-format: expected jsonl or chrome, found '" << format << "'\n";
    return false;
  }
  if (path.empty()) return true;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "syncsim: --trace: expected a file name, found a directory: " << path << "\n";
    return false;
  }
  std::string error;
  if (!partial_dir_usable(std::filesystem::path(path).parent_path().string(), error)) {
    std::cerr << "syncsim: --trace: expected a file in a directory, but " << error.substr(error.find(" but ") + 5) << "\n";
    return false;
  }
  return true;
}

bool write_trace(const sim::World& world, const std::string& path, const std::string& format, const reports::TraceMeta& meta) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  sim::OutputFile out(path);
  if (out.ok()) {
    if (format == "jsonl") reports::write_jsonl(out.stream(), world.trace);
    else reports::write_chrome_trace(out.stream(), world.trace, world.sched.now(), meta);
  }
  if (!out.ok() || !out.commit()) {
    std::cerr << "syncsim: --trace: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

namespace {

// What `run` and `explain` run: the file's world (its seed or --seed) with the strategy and
// planted defect the options and the file name. Errors are printed; nullopt then.
struct PreparedRun {
  sim::Scenario scenario;
  std::string strategyName;
  std::string mutant;
  core::StrategyConfig strategy;
  sim::WorldParams params;
};

std::optional<PreparedRun> prepare_run(const RunOptions& o) {
  const sim::ScenarioLoad l = sim::load_scenario(o.file);
  if (report_errors(l)) return std::nullopt;
  const sim::Scenario& s = *l.scenario;
  std::string strategyName = o.strategy.value_or(s.strategy);
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return std::nullopt;
    strategyName = *name;
  } else if (!o.strategy && s.strategy.starts_with("js:")) {
    const auto name = recorded_extension(s);
    if (!name) return std::nullopt;
    strategyName = *name;
  }
  std::string mutant = o.mutant.value_or(s.mutant);
  if (mutant == "none") mutant.clear();  // --mutant none: the scenario's world without its defect
  const auto strategy = resolve_strategy(strategyName, mutant, "--strategy");
  if (!strategy) return std::nullopt;
  sim::WorldParams params = s.params;
  if (o.seed) params.seed = *o.seed;
  return PreparedRun{s, strategyName, mutant, *strategy, params};
}
}  // namespace

int run_command(const RunOptions& o) {
  const auto prepared = prepare_run(o);
  if (!prepared) return kExitBadInput;
  const sim::Scenario& s = prepared->scenario;
  const std::string& strategyName = prepared->strategyName;
  const std::string& mutant = prepared->mutant;
  const sim::WorldParams& params = prepared->params;
  std::string format = o.traceFormat;
  if (!trace_option_ok(o.tracePath, format)) return kExitBadInput;

  sim::World world(params, prepared->strategy, !o.tracePath.empty());
  world.run();
  const sim::RunResult r = sim::judge(world);
  if (!o.tracePath.empty() && !write_trace(world, o.tracePath, format, {s.name, strategyName, params.seed})) return kExitBadInput;

  const reports::RunInfo info{s.name, strategyName + (mutant.empty() ? "" : " +mutant " + mutant), params.seed};
  if (o.json) std::cout << reports::run_json(info, r).dump(2) << "\n";
  else std::cout << reports::run_text(info, r);
  if (o.expect) {
    // Held to the file: its expectation for this strategy, and its trace hash when this is the
    // file's own strategy and world.
    std::string why;
    if (!sim::matches_expectation(s, strategyName, r.violations, why)) {
      std::cout << "expectation: differs: " << why << "\n";
      return kExitExpectationChanged;
    }
    if (strategyName == s.strategy && !o.seed && mutant == s.mutant && s.traceHash && r.traceHash != *s.traceHash) {
      std::cout << fmt::format("expectation: trace hash differs: recorded {}, got {} (recorded by {})\n",
                               reports::hash_hex(*s.traceHash), reports::hash_hex(r.traceHash),
                               s.recordedBy.empty() ? "an unrecorded build" : s.recordedBy);
      return kExitReplayDiffers;
    }
    std::cout << "expectation: matches" << (s.expect.count(strategyName) ? "" : " (none recorded for this strategy)") << "\n";
    return kExitOk;
  }
  if (!r.violations.empty()) {
    std::string line = replay_line(o.file, o, strategyName, params.seed);
    if (!mutant.empty()) line += " --mutant " + mutant;
    (o.json ? std::cerr : std::cout) << "replay: " << line << "\n";
    return kExitViolation;
  }
  return kExitOk;
}

int explain_command(const RunOptions& o, std::size_t violation, std::size_t maxLines) {
  const auto prepared = prepare_run(o);
  if (!prepared) return kExitBadInput;
  sim::World world(prepared->params, prepared->strategy, true);
  world.run();
  const sim::RunResult r = sim::judge(world);
  std::string line = replay_line(o.file, o, prepared->strategyName, prepared->params.seed);
  if (!prepared->mutant.empty()) line += " --mutant " + prepared->mutant;
  if (r.violations.empty()) {
    std::cout << fmt::format("explain: {} with {}, seed {}: every property holds; nothing to explain\n",
                             prepared->scenario.name, prepared->strategyName, prepared->params.seed);
    return kExitOk;
  }
  if (violation < 1 || violation > r.violations.size()) {
    std::cerr << fmt::format("syncsim: explain: --violation: expected a number in [1, {}], found {}\n", r.violations.size(), violation);
    return kExitBadInput;
  }
  const reports::RunInfo info{prepared->scenario.name,
                              prepared->strategyName + (prepared->mutant.empty() ? "" : " +mutant " + prepared->mutant),
                              prepared->params.seed};
  reports::ExplainOptions eo;
  eo.violation = violation - 1;
  eo.maxLines = maxLines;
  std::cout << reports::explain_text(info, world.trace, r, eo, line);
  return kExitViolation;
}

int replay_command(const ReplayOptions& o) {
  const sim::ScenarioLoad l = sim::load_scenario(o.file);
  if (report_errors(l)) return kExitBadInput;
  const sim::Scenario& s = *l.scenario;
  if (!s.traceHash) {
    std::cerr << "syncsim: " << o.file << ": /trace_hash: expected a recorded trace hash to replay against, found nothing "
              << "(record one with `syncsim scenarios record --update " << o.file << "`)\n";
    return kExitBadInput;
  }
  std::string strategyName = s.strategy;
  if (s.strategy.starts_with("js:")) {
    const auto name = recorded_extension(s);
    if (!name) return kExitBadInput;
    strategyName = *name;
  }
  std::string mutant = o.mutant.value_or(s.mutant);
  if (mutant == "none") mutant.clear();  // --mutant none: the file's world without its defect
  const auto strategy = resolve_strategy(strategyName, mutant, o.file + ": /strategy");
  if (!strategy) return kExitBadInput;
  std::string format = o.traceFormat;
  if (!trace_option_ok(o.tracePath, format)) return kExitBadInput;

  sim::World world(s.params, *strategy, !o.tracePath.empty());
  world.run();
  const sim::RunResult r = sim::judge(world);
  if (!o.tracePath.empty() && !write_trace(world, o.tracePath, format, {s.name, s.strategy, s.params.seed})) return kExitBadInput;

  const reports::RunInfo info{s.name, s.strategy + (mutant.empty() ? "" : " +mutant " + mutant), s.params.seed};
  const bool same = r.traceHash == *s.traceHash;
  std::string why;  // why it did not reproduce
  if (!same) {
    why = fmt::format("trace hash differs: recorded {}, got {}", reports::hash_hex(*s.traceHash), reports::hash_hex(r.traceHash));
    const std::string build = sim::syncsim_build();
    if (mutant != s.mutant)
      why += fmt::format("; the file was recorded with {}, this run planted {}", s.mutant.empty() ? "no planted defect" : "mutant " + s.mutant,
                         mutant.empty() ? "none" : "mutant " + mutant);
    else if (s.recordedBy.empty()) why += "; the file does not say which build recorded it (no recorded_by)";
    else if (s.recordedBy != build) why += fmt::format("; recorded by {}, this is {}: the model or the strategy may have changed", s.recordedBy, build);
    else if (build.ends_with("-dirty)"))
      why += "; recorded by a build of this same commit with uncommitted changes: the source may differ";
    else why += "; recorded by this same build: the run is not deterministic, which is a bug";
  }
  std::string expectation;
  const bool asExpected = sim::matches_expectation(s, s.strategy, r.violations, expectation);
  if (o.json) {
    auto j = reports::run_json(info, r);
    j["recorded_trace_hash"] = reports::hash_hex(*s.traceHash);
    j["reproduced"] = same;
    if (!same) j["why_not"] = why;
    if (!s.mutant.empty() || !mutant.empty()) j["mutant"] = mutant;
    j["recorded_by"] = s.recordedBy;
    j["replayed_by"] = sim::syncsim_build();
    j["matches_expectation"] = asExpected;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << reports::run_text(info, r);
    if (same) std::cout << "replay: same trace hash as recorded (" << reports::hash_hex(r.traceHash) << ")\n";
    else std::cout << "replay: did not reproduce: " << why << "\n";
    if (!asExpected) std::cout << "replay: the verdict differs from the file's expectation: " << expectation << "\n";
  }
  if (!same) return kExitReplayDiffers;
  return r.violations.empty() ? kExitOk : kExitViolation;
}

}  // namespace syncsim::cli
