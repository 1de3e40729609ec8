// Each property check can fail: a core with a planted defect is caught, and caught for that
// property. Compared with the same strategy unmutated on the same scenario and seed, the
// mutant adds exactly the expected properties to what is violated.
#include <catch2/catch.hpp>
#include <set>

#include "core/strategy.hpp"
#include "sim/check/deterministic.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/self_test.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
std::set<Property> violated(const WorldParams& p, const core::StrategyConfig& s) {
  const auto v = violated_properties(run_world(p, s).violations);
  return {v.begin(), v.end()};
}

Scenario scenario(const char* name) {
  auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + name + ".json");
  REQUIRE(l.scenario);
  return *l.scenario;
}

std::set<Property> added_by(core::Mutation m, const char* strategy, const char* scenarioName) {
  const Scenario s = scenario(scenarioName);
  core::StrategyConfig clean = *core::strategy_by_name(strategy);
  core::StrategyConfig mutant = clean;
  mutant.mutation = m;
  const auto before = violated(s.params, clean);
  const auto after = violated(s.params, mutant);
  std::set<Property> added;
  for (auto p : after)
    if (!before.count(p)) added.insert(p);
  return added;
}
}  // namespace

TEST_CASE("mutant: skipping the end request is caught as stuck In Progress", "[mutants]") {
  CHECK(added_by(core::Mutation::SkipsEndRequest, "hardened", "default-day") ==
        std::set<Property>{Property::NoStuckInProgress});
  CHECK(added_by(core::Mutation::SkipsEndRequest, "approach2", "default-day") ==
        std::set<Property>{Property::NoStuckInProgress});
}

TEST_CASE("mutant: retrying without waiting is caught as a backoff violation", "[mutants]") {
  CHECK(added_by(core::Mutation::RetriesWithoutWaiting, "approach2", "backend-500-retry-with-backoff") ==
        std::set<Property>{Property::BackoffBounds});
}

TEST_CASE("mutant: dropping failed items is caught as lost", "[mutants]") {
  CHECK(added_by(core::Mutation::DropsFailedItems, "hardened", "backend-400-dead-letter") ==
        std::set<Property>{Property::NothingLost});
}

TEST_CASE("mutant: creating a server session on every end is caught as duplicates", "[mutants]") {
  CHECK(added_by(core::Mutation::CreatesSessionOnEveryEnd, "hardened", "default-day") ==
        std::set<Property>{Property::NoDuplicates});
}

TEST_CASE("mutant: forgetting the queue on restart is caught (lost, stuck, never retried)", "[mutants]") {
  const auto added = added_by(core::Mutation::ForgetsQueueOnRestart, "hardened", "offline-queue-persists-across-worker-restart");
  CHECK((added.count(Property::NothingLost) || added.count(Property::NoStuckInProgress)));
  // A forgotten failed item is also never tried again after the heal: property 2 may say so too.
  for (auto p : added) CHECK(p != Property::NoDuplicates);
}

TEST_CASE("mutant: a startup sweep that ends open sessions is caught as early completion", "[mutants]") {
  // Crashes restart the worker while reviews are open; the sweep then ends them on the server.
  CHECK(added_by(core::Mutation::EndsOpenSessions, "hardened", "worker-crashes").count(Property::NoEarlyCompletion) == 1);
}

TEST_CASE("mutant: an end that reports no work is caught as an untrue duration", "[mutants]") {
  CHECK(added_by(core::Mutation::EndsWithoutDuration, "hardened", "default-day") == std::set<Property>{Property::TrueDuration});
}

TEST_CASE("mutant: an end that completes a pass late is caught only by the plan's promise", "[mutants]") {
  CHECK(added_by(core::Mutation::FailsFirstEnd, "hardened", "default-day") == std::set<Property>{Property::TimelyCompletion});
}

TEST_CASE("mutant: state leaking between runs is caught by the determinism check", "[mutants]") {
  const Scenario s = scenario("default-day");
  core::StrategyConfig mutant = *core::strategy_by_name("hardened");
  mutant.mutation = core::Mutation::Nondeterministic;
  const auto v = check_deterministic(s.params, mutant);
  REQUIRE(v);
  CHECK(v->property == Property::Deterministic);
  CHECK_FALSE(check_deterministic(s.params, *core::strategy_by_name("hardened")));
}

TEST_CASE("every mutation has a name and parses back", "[mutants]") {
  for (int i = 0; i < static_cast<int>(core::Mutation::Count_); ++i) {
    const auto m = static_cast<core::Mutation>(i);
    CHECK(core::mutation_by_name(core::mutation_name(m)) == m);
  }
}

TEST_CASE("the gate's self-test: every planted defect is caught, and a wrong catcher is reported", "[mutants]") {
  // Every defect has a case (None aside).
  CHECK(self_test_cases().size() == static_cast<std::size_t>(core::Mutation::Count_) - 1);
  for (const auto& c : self_test_cases()) {
    INFO(core::mutation_name(c.mutation));
    const auto r = run_self_test(c, SYNCSIM_SCENARIO_DIR);
    CHECK(r.caught);
    CHECK_THAT(r.detail, Catch::StartsWith("added "));
  }
  // The self-test can fail: skipping the end request adds no duplicates.
  const SelfTestCase wrong{core::Mutation::SkipsEndRequest, "hardened", "default-day", {Property::NoDuplicates}};
  const auto r = run_self_test(wrong, SYNCSIM_SCENARIO_DIR);
  CHECK_FALSE(r.caught);
  CHECK_THAT(r.detail, Catch::Contains("expected the defect to add no_duplicates, it added no_stuck_in_progress"));
  CHECK_FALSE(run_self_test(wrong, "/nonexistent").caught);
}
