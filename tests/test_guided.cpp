// The guided search (sim/explore/guided.hpp): its faults land exactly on moments the run
// awaited, the run is the swarm world's until the first of them, a seed's placements are a
// function of the seed and the strategy, and it finds a planted defect whose window is a few
// milliseconds wide where uniform seeds do not.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/check/run_world.hpp"
#include "sim/explore/guided.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/explore/sweep.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
std::vector<TraceRecord> trace_of(const WorldParams& p, const core::StrategyConfig& s) {
  World w(p, s, true);
  w.run();
  return w.trace.records();
}

bool awaited(const TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::WorkerStart:
    case TraceKind::HandlerStart:
    case TraceKind::StorageSet:
    case TraceKind::StorageGet:
    case TraceKind::ServerHandled:
    case TraceKind::FetchDone: return true;
    default: return false;
  }
}

bool same(const TraceRecord& a, const TraceRecord& b) {
  return a.at == b.at && a.kind == b.kind && a.detail == b.detail && a.a == b.a && a.b == b.b;
}

// Classic worlds: a day long, so the test stays quick under the sanitizers.
WorldParams world(std::uint64_t seed) { return SwarmSpec{SwarmKind::Classic, IdempotencyMode::Key}.world(seed); }
}  // namespace

TEST_CASE("guided: each placed fault lands on a moment its run awaited", "[guided]") {
  // Its run: the swarm world with the faults placed before it (each is placed on a probe of
  // that world), which is the final run up to the fault.
  const auto hardened = *core::strategy_by_name("hardened");
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const WorldParams base = world(seed);
    const GuidedWorld g = guided_world(base, seed, hardened);
    REQUIRE(g.world.faults.size() > base.faults.size());
    REQUIRE(!g.placements.empty());
    for (std::size_t i = base.faults.size(); i < g.world.faults.size(); ++i) {
      const Time at = g.world.faults[i].at;
      WorldParams before = base;
      for (std::size_t j = base.faults.size(); j < g.world.faults.size(); ++j)
        if (g.world.faults[j].at < at) before.faults.push_back(g.world.faults[j]);
      const auto trace = trace_of(before, hardened);
      CAPTURE(seed, at);
      CHECK(at < base.durationMs + 3);
      // At the moment (before the worker sees it) or 1-3 ms after it.
      CHECK(std::any_of(trace.begin(), trace.end(), [&](const TraceRecord& r) { return awaited(r) && r.at <= at && at <= r.at + 3; }));
    }
  }
}

TEST_CASE("guided: the run is the swarm world's until the first placed fault", "[guided]") {
  const auto approach2 = *core::strategy_by_name("approach2");
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const WorldParams base = world(seed);
    const GuidedWorld g = guided_world(base, seed, approach2);
    Time first = INT64_MAX;
    for (std::size_t i = base.faults.size(); i < g.world.faults.size(); ++i) first = std::min(first, g.world.faults[i].at);
    const auto a = trace_of(base, approach2);
    const auto b = trace_of(g.world, approach2);
    std::size_t n = 0;
    while (n < a.size() && a[n].at < first) ++n;
    CAPTURE(seed, first, n);
    REQUIRE(n > 0);
    REQUIRE(b.size() >= n);
    for (std::size_t i = 0; i < n; ++i) REQUIRE(same(a[i], b[i]));
  }
}

TEST_CASE("guided: a seed's placements are a function of the seed and the strategy", "[guided]") {
  const auto hardened = *core::strategy_by_name("hardened");
  const auto baseline = *core::strategy_by_name("baseline");
  const WorldParams base = world(3);
  const GuidedWorld a = guided_world(base, 3, hardened);
  const GuidedWorld b = guided_world(base, 3, hardened);
  CHECK(a.placements == b.placements);
  CHECK(run_world(a.world, hardened).traceHash == run_world(b.world, hardened).traceHash);
  // Another strategy awaits at other moments: its faults are placed on its own run.
  CHECK(guided_world(base, 3, baseline).placements != a.placements);
}

TEST_CASE("guided: finds a defect in a window milliseconds wide that uniform seeds miss", "[guided]") {
  // trusts_lost_alarm: hardened believes its alarm exists when a crash at a cold start left
  // none (F23). Only a crash within the few milliseconds of a start's handlers shows it.
  SweepOptions o;
  o.strategy = "hardened";
  o.mutant = "trusts_lost_alarm";
  o.swarm = SwarmSpec{SwarmKind::Wide, IdempotencyMode::Key};
  o.from = 155;
  o.seeds = 10;
  o.jobs = 1;
  const Sweep uniform = run_sweep(o);
  o.swarm.guided = true;
  const Sweep guided = run_sweep(o);
  CHECK(uniform.violated.empty());
  REQUIRE(guided.violated.count(159 - o.from) == 1);  // seed 159: the alarm lost, a review completes late
  // The shipped hardened re-creates the alarm: the same guided seeds hold.
  o.mutant.clear();
  CHECK(run_sweep(o).violated.empty());
}
