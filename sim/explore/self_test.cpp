#include "sim/explore/self_test.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/check/deterministic.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"

namespace syncsim::sim {

const std::vector<SelfTestCase>& self_test_cases() {
  using M = core::Mutation;
  using P = Property;
  static const std::vector<SelfTestCase> cases = {
      {M::DropsFailedItems, "hardened", "backend-400-dead-letter", {P::NothingLost}},
      {M::RetriesWithoutWaiting, "approach2", "backend-500-retry-with-backoff", {P::BackoffBounds}},
      // A forgotten queue loses its items, leaves their rows In Progress, or never retries them.
      {M::ForgetsQueueOnRestart, "hardened", "offline-queue-persists-across-worker-restart",
       {P::NothingLost, P::NoStuckInProgress, P::BackoffBounds}},
      {M::CreatesSessionOnEveryEnd, "hardened", "default-day", {P::NoDuplicates}},
      {M::SkipsEndRequest, "hardened", "default-day", {P::NoStuckInProgress}},
      {M::Nondeterministic, "hardened", "default-day", {P::Deterministic}},
      // Crashes restart the worker while reviews are open; the sweep then ends them on the server.
      {M::EndsOpenSessions, "hardened", "worker-crashes", {P::NoEarlyCompletion}},
      // The user's view: a review dead-lettered for a transient failure never reaches the
      // dashboard (the backend would have taken it), so it is lost, not excused.
      {M::ReportsTransientAsInvalid, "hardened", "network-offline-during-session", {P::NothingLost}},
      // A worker that hears a tab and records nothing loses the review: only reviews no running
      // worker heard from are excused.
      {M::DropsMessageWork, "hardened", "default-day", {P::NothingLost}},
      // Every row completes, on time, with no work in it: the dashboard's sum is wrong.
      {M::EndsWithoutDuration, "hardened", "default-day", {P::TrueDuration}},
      // Every review completes, a minute after its close instead of at once: only the plan's
      // 2-second promise sees it.
      {M::FailsFirstEnd, "hardened", "default-day", {P::TimelyCompletion}},
      // A crash before onInstalled ran leaves no alarm; believing it exists, nothing retries
      // the end that failed (F23).
      {M::TrustsLostAlarm, "hardened", "found/hardened-backoff_bounds+nothing_lost-guided-seed34", {P::NoStuckInProgress, P::BackoffBounds}},
  };
  return cases;
}

SelfTestResult run_self_test(const SelfTestCase& c, const std::string& scenarioDir) {
  const std::string file = scenarioDir + "/" + c.scenario + ".json";
  const ScenarioLoad l = load_scenario(file);
  if (!l.scenario) return {false, fmt::format("cannot load {}: {}", file, l.errors.empty() ? "" : l.errors.front().message())};
  const WorldParams& p = l.scenario->params;
  core::StrategyConfig clean = *core::strategy_by_name(c.strategy);
  core::StrategyConfig mutant = clean;
  mutant.mutation = c.mutation;
  if (c.mutation == core::Mutation::Nondeterministic) {
    const auto v = check_deterministic(p, mutant);
    if (v && v->property == Property::Deterministic) return {true, "added deterministic (two runs of one world differ)"};
    return {false, "two runs of one world gave the same trace: the determinism check did not fire"};
  }
  const auto before = violated_properties(run_world(p, clean).violations);
  const auto after = violated_properties(run_world(p, mutant).violations);
  std::vector<Property> added;
  for (auto prop : after)
    if (std::find(before.begin(), before.end(), prop) == before.end()) added.push_back(prop);
  std::string names;
  for (auto prop : added) names += (names.empty() ? "" : ", ") + std::string(property_name(prop));
  for (auto prop : added)
    if (std::find(c.catchers.begin(), c.catchers.end(), prop) != c.catchers.end()) return {true, "added " + names};
  std::string want;
  for (auto prop : c.catchers) want += (want.empty() ? "" : " or ") + std::string(property_name(prop));
  return {false, fmt::format("not caught: expected the defect to add {}, it added {}", want, names.empty() ? "nothing" : names)};
}

}  // namespace syncsim::sim
