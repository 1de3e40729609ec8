// syncsim run / replay
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/summary.hpp"
#include "reports/trace_export.hpp"
#include "sim/check/run_world.hpp"
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

std::string replay_line(const std::string& file, const std::string& strategy, std::uint64_t seed) {
  return fmt::format("syncsim run {} --strategy {} --seed {}", file, strategy, seed);
}
}  // namespace

int run_command(const RunOptions& o) {
  const sim::ScenarioLoad l = sim::load_scenario(o.file);
  if (report_errors(l)) return kExitBadInput;
  const sim::Scenario& s = *l.scenario;
  const std::string strategyName = o.strategy.value_or(s.strategy);
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
    (o.json ? std::cerr : std::cout) << "replay: " << replay_line(o.file, strategyName, params.seed) << "\n";
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
  const sim::RunResult r = sim::run_world(s.params, *core::strategy_by_name(s.strategy));
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
