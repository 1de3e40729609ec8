// syncsim scenarios list / validate / record
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/duration.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/runtime/install_paths.hpp"

namespace syncsim::cli {

std::string builtin_scenario_dir() { return sim::data_path("scenarios", SYNCSIM_SCENARIO_DIR); }

std::string default_scenario_dir() {
  if (const char* env = std::getenv("SYNCSIM_SCENARIOS")) return env;
  return builtin_scenario_dir();
}

int scenarios_list_command(const std::string& dir) {
  const auto files = sim::scenario_files(dir, true);
  if (files.empty()) {
    std::cerr << "syncsim: no scenario files (*.json) under " << dir << "\n";
    return kExitBadInput;
  }
  int bad = 0;
  for (const auto& f : files) {
    const auto l = sim::load_scenario(f);
    if (!l.scenario) {
      ++bad;
      std::cout << fmt::format("{:<40} INVALID ({} problem(s); run `syncsim scenarios validate {}`)\n",
                               std::filesystem::relative(f, dir).string(), l.errors.size(), f);
      continue;
    }
    const auto& s = *l.scenario;
    std::string desc = s.description.substr(0, s.description.find('\n'));
    if (desc.size() > 70) desc = desc.substr(0, 67) + "...";
    std::cout << fmt::format("{:<40} {:<10} seed {:<6} {:>4}  {}\n", std::filesystem::relative(f, dir).string(),
                             s.strategy, s.params.seed, sim::format_duration(s.params.durationMs), desc);
  }
  return bad ? kExitBadInput : kExitOk;
}

int scenarios_validate_command(const std::vector<std::string>& files) {
  int bad = 0;
  for (const auto& f : files) {
    const auto l = sim::load_scenario(f);
    for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
    if (l.scenario) std::cout << f << ": ok\n";
    else ++bad;
  }
  return bad ? kExitBadInput : kExitOk;
}

namespace {
std::string violated_list(const nlohmann::ordered_json& expect, const std::string& strategy) {
  if (!expect.is_object() || !expect.contains(strategy)) return "(none recorded)";
  const auto& v = expect[strategy].value("violated", nlohmann::ordered_json::array());
  std::string out;
  for (const auto& p : v) out += (out.empty() ? "" : ", ") + p.get<std::string>();
  return "[" + out + "]";
}
}  // namespace

int scenarios_record_command(const std::vector<std::string>& files, bool update) {
  using ojson = nlohmann::ordered_json;
  int changedFiles = 0;
  for (const auto& f : files) {
    const auto l = sim::load_scenario(f);
    for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
    if (!l.scenario) return kExitBadInput;
    const sim::Scenario& s = *l.scenario;
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    const ojson before = ojson::parse(ss.str());
    ojson doc = before;
    sim::record_expectations(doc, s.params, s.strategy, s.mutant);
    // What would change: the trace hash and each strategy's expectation (not recorded_by).
    std::vector<std::string> diff;
    const std::string oldHash = before.value("trace_hash", std::string("(none)"));
    if (oldHash != doc["trace_hash"].get<std::string>())
      diff.push_back(fmt::format("trace_hash ({}): {} -> {}", s.strategy, oldHash, doc["trace_hash"].get<std::string>()));
    const ojson oldExpect = before.value("expect", ojson::object());
    for (const auto& [strategy, _] : doc["expect"].items()) {
      const std::string was = violated_list(oldExpect, strategy), now = violated_list(doc["expect"], strategy);
      if (was != now) diff.push_back(fmt::format("expect.{}.violated: {} -> {}", strategy, was, now));
    }
    if (diff.empty()) {
      std::cout << f << ": unchanged\n";
      continue;
    }
    ++changedFiles;
    std::cout << f << ":\n";
    for (const auto& d : diff) std::cout << "  " << d << "\n";
    if (!update) continue;
    sim::OutputFile out(f);
    out.stream() << doc.dump(2) << "\n";
    if (!out.ok() || !out.commit()) {
      std::cerr << "syncsim: cannot write " << f << "\n";
      return kExitBadInput;
    }
    std::cout << "  recorded\n";
  }
  if (changedFiles && !update) {
    std::cout << fmt::format("{} file(s) would change; nothing written (run with --update to write them)\n", changedFiles);
    return kExitExpectationChanged;
  }
  return kExitOk;
}

}  // namespace syncsim::cli
