// Refactoring guard: the trace hash and verdict of every library scenario, 250 swarm seeds and
// each planted defect, for all four strategies, compared with tests/golden/trace_hashes.tsv.
// A change that alters the simulated history fails here; if the change is meant to, rewrite
// the file (SYNCSIM_GOLDEN_WRITE=path) and say in the commit why the history changed.
#include <catch2/catch.hpp>
#include "long_worlds.hpp"

#include "verdict.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/swarm.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {

#ifdef SYNCSIM_SLOW_BUILD
// A sanitized build checks the library's worlds up to 3 days (tests/long_worlds.hpp), the
// mutants on 5 seeds and the first 40 swarm seeds against the file (tests/CMakeLists.txt,
// SYNCSIM_SLOW_BUILD); the Release build checks every key.
constexpr std::uint64_t kSwarmSeeds = 40;
constexpr std::uint64_t kMutantSeeds = 5;
constexpr bool kAllKeys = false;
#else
constexpr std::uint64_t kSwarmSeeds = 250;
constexpr std::uint64_t kMutantSeeds = 20;
constexpr bool kAllKeys = true;
#endif

using test::verdict;

// key -> "hash verdict"
std::map<std::string, std::string> compute() {
  std::map<std::string, std::string> out;
  auto add = [&](const std::string& key, const WorldParams& p, const core::StrategyConfig& s) {
    const RunResult r = run_world(p, s);
    out[key] = fmt::format("{:016x}\t{}", r.traceHash, verdict(r.violations));
  };
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(SYNCSIM_SCENARIO_DIR))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const auto l = load_scenario(f);
    REQUIRE(l.scenario);
    if (test::skipped_long_world(l.scenario->params.durationMs)) continue;
    const std::string rel = std::filesystem::relative(f, SYNCSIM_SCENARIO_DIR).string();
    for (const auto& s : core::all_strategies()) add(fmt::format("scenario\t{}\t{}", rel, s.name), l.scenario->params, s);
  }
  for (std::uint64_t seed = 1; seed <= kSwarmSeeds; ++seed) {
    const WorldParams p = swarm_world(seed);
    for (const auto& s : core::all_strategies()) add(fmt::format("swarm\t{}\t{}", seed, s.name), p, s);
  }
  for (std::size_t m = 1; m < static_cast<std::size_t>(core::Mutation::Count_); ++m) {
    const auto mut = static_cast<core::Mutation>(m);
    if (mut == core::Mutation::Nondeterministic) continue;  // by design not a function of the seed
    for (const char* strat : {"approach2", "hardened"}) {
      core::StrategyConfig s = *core::strategy_by_name(strat);
      s.mutation = mut;
      for (std::uint64_t seed = 1; seed <= kMutantSeeds; ++seed)
        add(fmt::format("mutant\t{}/{}\t{}", core::mutation_name(mut), seed, strat), swarm_world(seed), s);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("trace hashes and verdicts are unchanged (tests/golden/trace_hashes.tsv)", "[golden]") {
  const auto now = compute();
  if (const char* w = std::getenv("SYNCSIM_GOLDEN_WRITE")) {
    REQUIRE(kAllKeys);  // only a Release build computes every key
    std::ofstream f(w);
    for (const auto& [k, v] : now) f << k << '\t' << v << '\n';
    WARN("wrote " << w);
    return;
  }
  std::ifstream f(SYNCSIM_GOLDEN_FILE);
  REQUIRE(f);
  std::map<std::string, std::string> golden;
  std::string line;
  while (std::getline(f, line)) {
    // key = first three fields, value = the last two
    std::size_t tabs[3], pos = 0;
    for (auto& t : tabs) t = pos = line.find('\t', pos) + 1;
    golden[line.substr(0, tabs[2] - 1)] = line.substr(tabs[2]);
  }
  if (kAllKeys) REQUIRE(golden.size() == now.size());
  std::size_t differ = 0;
  for (const auto& [k, v] : now) {
    const auto it = golden.find(k);
    if (it == golden.end() || it->second != v) {
      if (++differ <= 20) UNSCOPED_INFO(k << ": golden " << (it == golden.end() ? "(none)" : it->second) << ", now " << v);
    }
  }
  CHECK(differ == 0);
}
