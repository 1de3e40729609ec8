// Fleet mode: many browsers, one backend of finite capacity, one deterministic run.
#include <catch2/catch.hpp>

#include "core/strategy.hpp"
#include "sim/explore/fleet.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
FleetParams small_fleet() {
  FleetParams p;
  p.browsers = 150;
  p.durationMs = 5 * kHour;
  p.user.workStartHour = 1;
  p.user.workEndHour = 4;
  p.user.sessionsPerDay = 30;
  p.capacityPerSecond = 6;
  p.outageAtMs = 2 * kHour;
  p.outageForMs = 15 * kMinute;
  return p;
}
}  // namespace

TEST_CASE("fleet: a backend outage is followed by more load than before it, and the run is deterministic", "[fleet]") {
  const auto p = small_fleet();
  const auto approach2 = *core::strategy_by_name("approach2");
  const FleetResult a = run_fleet(p, approach2);
  const FleetResult b = run_fleet(p, approach2);
  CHECK(a.traceHash == b.traceHash);
  CHECK(a.arrivalsPerSecond == b.arrivalsPerSecond);
  CHECK(a.baselinePerSecond > 0);
  CHECK(a.peakPerSecond > a.baselinePerSecond);
  CHECK(a.peakAtMs >= p.outageAtMs);
  CHECK(a.sessionsEnded > 100);
  // The outage dead-letters approach2's sessions; hardened keeps them and holds every property.
  CHECK(a.deadLettered > 0);
  const FleetResult h = run_fleet(p, *core::strategy_by_name("hardened"));
  CHECK(h.browsersWithViolations == 0);
  CHECK(h.deadLettered == 0);
  CHECK(h.timeToDrainMs >= 0);
}

TEST_CASE("fleet: capacity refusals are counted per second", "[fleet]") {
  auto p = small_fleet();
  p.capacityPerSecond = 1;
  const FleetResult r = run_fleet(p, *core::strategy_by_name("approach1"));
  std::uint64_t refused = 0;
  for (auto n : r.refusedPerSecond) refused += n;
  CHECK(refused == r.refused);
  CHECK(r.refused > 0);
  for (std::size_t s = 0; s < r.arrivalsPerSecond.size(); ++s) CHECK(r.arrivalsPerSecond[s] - r.refusedPerSecond[s] <= 1u);
}

TEST_CASE("fleet: browsers are counted by every property they violate, the newest too", "[fleet]") {
  // baseline's 5-minute alarm misses timely_completion (property 8): the count once wrote past
  // a table sized for six properties and crashed `fleet --capacity 0`.
  auto p = small_fleet();
  p.browsers = 20;
  p.capacityPerSecond = 0;
  p.outageForMs = 0;
  const FleetResult r = run_fleet(p, *core::strategy_by_name("baseline"));
  CHECK(r.browsersWithViolations > 0);
  CHECK(r.violationsByProperty[static_cast<std::size_t>(Property::TimelyCompletion)] > 0);
  std::uint64_t most = 0;
  for (auto n : r.violationsByProperty) most = std::max(most, n);
  CHECK(most <= r.browsersWithViolations);
}
