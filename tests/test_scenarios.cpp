// The scenario library as a regression suite: every shipped scenario against every strategy,
// compared with its recorded expectation; every scenario twice with the same trace hash.
#include <catch2/catch.hpp>
#include "long_worlds.hpp"
#include "test_world_files.hpp"
#include <algorithm>
#include <filesystem>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
std::vector<std::string> library() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(SYNCSIM_SCENARIO_DIR))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

TEST_CASE("the scenario library is valid and has an expectation for every strategy", "[scenarios]") {
  const auto files = library();
  REQUIRE(files.size() >= 20);
  for (const auto& f : files) {
    INFO(f);
    const auto l = load_scenario(f);
    for (const auto& e : l.errors) UNSCOPED_INFO(e.message());
    REQUIRE(l.scenario);
    CHECK(l.scenario->expect.size() == core::all_strategies().size());
    CHECK(l.scenario->traceHash);
  }
}

// Each file's every strategy against its recorded expectation and, for its own strategy, its
// recorded trace hash.
static void check_expectations(const std::vector<std::string>& files) {
  for (const auto& f : files) {
    const auto s = *load_scenario(f).scenario;
    for (const auto& strat : core::all_strategies()) {
      const RunResult r = run_world(s.params, strat);
      std::string why;
      INFO(f << " with " << strat.name);
      CHECK(matches_expectation(s, std::string(strat.name), r.violations, why));
      if (!why.empty()) UNSCOPED_INFO(why);
      if (strat.name == s.strategy) CHECK(r.traceHash == *s.traceHash);  // the recorded replay
      // The event budget (scenarios/README.md, "Limits") follows the real runs: a strategy's
      // retries may multiply the workload's events, never by more than 8.
      CHECK(r.metrics.events <= 8 * estimated_events(s.params));
    }
  }
}

TEST_CASE("every shipped scenario x strategy matches its recorded expectation", "[scenarios]") {
  check_expectations(library());
}

// The worlds the tests keep outside the library are held to their recorded verdicts too (a
// sanitized build leaves out those of three days and more: tests/long_worlds.hpp).
TEST_CASE("every test world x strategy matches its recorded expectation", "[scenarios]") {
  auto files = test::test_world_files();
  REQUIRE(files.size() >= 8);
  std::erase_if(files, [](const std::string& f) { return test::skipped_long_world(load_scenario(f).scenario->params.durationMs); });
  check_expectations(files);
}

TEST_CASE("every shipped scenario run twice gives the same trace hash", "[scenarios][determinism]") {
  for (const auto& f : library()) {
    const auto s = *load_scenario(f).scenario;
    if (test::skipped_long_world(s.params.durationMs)) continue;
    for (const auto& strat : core::all_strategies()) {
      INFO(f << " with " << strat.name);
      CHECK(run_world(s.params, strat).traceHash == run_world(s.params, strat, true).traceHash);
    }
  }
}

TEST_CASE("hardened holds every property on every shipped scenario", "[scenarios][hardened]") {
  for (const auto& f : library()) {
    const auto s = *load_scenario(f).scenario;
    const RunResult r = run_world(s.params, *core::strategy_by_name("hardened"));
    INFO(f);
    for (const auto& v : r.violations) UNSCOPED_INFO(property_name(v.property) << ": " << v.detail);
    CHECK(r.violations.empty());
  }
}
