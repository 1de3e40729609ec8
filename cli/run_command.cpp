// syncsim run / replay
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/summary.hpp"
#include "reports/trace_export.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/js/js_extension.hpp"
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
}  // namespace

int run_command(const RunOptions& o) {
  const sim::ScenarioLoad l = sim::load_scenario(o.file);
  if (report_errors(l)) return kExitBadInput;
  const sim::Scenario& s = *l.scenario;
  std::string strategyName = o.strategy.value_or(s.strategy);
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return kExitBadInput;
    strategyName = *name;
  } else if (!o.strategy && s.strategy.starts_with("js:")) {
    const auto name = recorded_extension(s);
    if (!name) return kExitBadInput;
    strategyName = *name;
  }
  const auto strategy = sim::js::any_strategy(strategyName);
  if (!strategy) {
    std::cerr << "syncsim: --strategy: expected baseline, approach1, approach2 or hardened"
              << (sim::js::available() ? " (or ts:<one of them>, its TypeScript)" : " (ts: needs a build with SYNCSIM_JS)")
              << ", found '"
              << strategyName << "'\n";
    return kExitBadInput;
  }
  std::string format = o.traceFormat;
  if (!o.tracePath.empty() && format.empty())
    format = o.tracePath.size() > 6 && o.tracePath.ends_with(".jsonl") ? "jsonl" : "chrome";
  if (!format.empty() && format != "jsonl" && format != "chrome") {
    std::cerr << "syncsim: --trace-format: expected jsonl or chrome, found '" << format << "'\n";
    return kExitBadInput;
  }

  // --trace is checked before the run; its directory is created if missing.
  const std::filesystem::path traceDir = std::filesystem::path(o.tracePath).parent_path();
  if (!o.tracePath.empty()) {
    std::string error;
    std::error_code ec;
    if (std::filesystem::is_directory(o.tracePath, ec)) {
      std::cerr << "syncsim: --trace: expected a file name, found a directory: " << o.tracePath << "\n";
      return kExitBadInput;
    }
    if (!partial_dir_usable(traceDir.string(), error)) {
      std::cerr << "syncsim: --trace: expected a file in a directory, but " << error.substr(error.find(" but ") + 5) << "\n";
      return kExitBadInput;
    }
  }

  sim::WorldParams params = s.params;
  if (o.seed) params.seed = *o.seed;
  sim::World world(params, *strategy, !o.tracePath.empty());
  world.run();
  const sim::RunResult r = sim::judge(world);

  if (!o.tracePath.empty()) {
    std::error_code ec;
    if (!traceDir.empty()) std::filesystem::create_directories(traceDir, ec);
    sim::OutputFile out(o.tracePath);
    if (out.ok()) {
      if (format == "jsonl") reports::write_jsonl(out.stream(), world.trace);
      else reports::write_chrome_trace(out.stream(), world.trace, world.sched.now());
    }
    if (!out.ok() || !out.commit()) {
      std::cerr << "syncsim: --trace: cannot write " << o.tracePath << "\n";
      return kExitBadInput;
    }
  }

  const reports::RunInfo info{s.name, strategyName, params.seed};
  if (o.json) std::cout << reports::run_json(info, r).dump(2) << "\n";
  else std::cout << reports::run_text(info, r);
  if (!r.violations.empty()) {
    (o.json ? std::cerr : std::cout) << "replay: " << replay_line(o.file, o, strategyName, params.seed) << "\n";
    return kExitViolation;
  }
  return kExitOk;
}

int replay_command(const std::string& file, bool json) {
  const sim::ScenarioLoad l = sim::load_scenario(file);
  if (report_errors(l)) return kExitBadInput;
  const sim::Scenario& s = *l.scenario;
  if (!s.traceHash) {
    std::cerr << "syncsim: " << file << ": /trace_hash: expected a recorded trace hash to replay against, found nothing "
              << "(record one with `syncsim scenarios record " << file << "`)\n";
    return kExitBadInput;
  }
  std::string strategyName = s.strategy;
  if (s.strategy.starts_with("js:")) {
    const auto name = recorded_extension(s);
    if (!name) return kExitBadInput;
    strategyName = *name;
  }
  const auto strategy = sim::js::any_strategy(strategyName);
  if (!strategy) {
    std::cerr << "syncsim: " << file << ": /strategy: expected a strategy this build runs, found '" << s.strategy << "'"
              << (sim::js::available() ? "" : " (ts: and js: need a build with SYNCSIM_JS)") << "\n";
    return kExitBadInput;
  }
  const sim::RunResult r = sim::run_world(s.params, *strategy);
  const reports::RunInfo info{s.name, s.strategy, s.params.seed};
  const bool same = r.traceHash == *s.traceHash;
  if (json) {
    auto j = reports::run_json(info, r);
    j["recorded_trace_hash"] = reports::hash_hex(*s.traceHash);
    j["reproduced"] = same;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << reports::run_text(info, r);
    std::cout << (same ? "replay: same trace hash as recorded\n"
                       : fmt::format("replay: trace hash differs: recorded {}, got {}\n", reports::hash_hex(*s.traceHash),
                                     reports::hash_hex(r.traceHash)));
  }
  if (!same) return kExitViolation;
  return r.violations.empty() ? kExitOk : kExitViolation;
}

}  // namespace syncsim::cli
