// Speed of the whole world: simulated user-days per second and scheduler events per second.
// The canonical day: one user, 24 h, 40 review sessions, 1 % request loss, one 10-minute outage.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/fleet.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/js/js_extension.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;

static sim::WorldParams canonical_day(std::uint64_t seed) {
  sim::WorldParams p;
  p.seed = seed;
  p.durationMs = sim::kDay;
  p.network.requestLoss = 0.01;
  sim::Fault outage;
  outage.kind = sim::FaultKind::Offline;
  outage.at = 13 * sim::kHour;
  outage.duration = 10 * sim::kMinute;
  p.faults.push_back(outage);
  return p;
}

// Ablations of the canonical day, so a change can see where a day's time goes: the same world
// with the content script's activity pings switched off (their interval beyond the run), or
// with a worker that never idles (no idle stop, so no cold start per alarm). Neither is a
// faithful world; they are for comparison with the full day only.
enum class Ablation { None, NoPings, WorkerNeverIdles };

static void BM_UserDay(benchmark::State& state, const char* strategyName, Ablation a = Ablation::None) {
  const auto strategy = *core::strategy_by_name(strategyName);
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
  for (auto _ : state) {
    sim::WorldParams p = canonical_day(seed++);
    if (a == Ablation::NoPings) p.user.activityIntervalMs = 365 * sim::kDay;
    if (a == Ablation::WorkerNeverIdles) p.browser.idleTimeoutMs = 365 * sim::kDay;
    sim::RunResult r = sim::run_world(p, strategy);
    events += r.metrics.events;
    benchmark::DoNotOptimize(r.traceHash);
  }
  state.counters["user_days/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/day"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK_CAPTURE(BM_UserDay, baseline, "baseline")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, approach1, "approach1")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, approach2, "approach2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, hardened, "hardened")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, approach2_no_pings, "approach2", Ablation::NoPings)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, approach2_worker_never_idles, "approach2", Ablation::WorkerNeverIdles)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, hardened_no_pings, "hardened", Ablation::NoPings)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UserDay, hardened_worker_never_idles, "hardened", Ablation::WorkerNeverIdles)->Unit(benchmark::kMillisecond);

// The extension's own TypeScript (sim/js/) on the scenario library's canonical day
// (scenarios/default-day.json), against its C++ twin on the same world: the "user-day"
// for the ts: strategies. The engine and the compiled bundle are warm after the first iteration.
static void BM_DefaultDay(benchmark::State& state, const char* strategyName) {
  const auto strategy = sim::js::any_strategy(strategyName);
  const auto day = sim::load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/default-day.json");
  if (!strategy || !day.scenario) {
    state.SkipWithError("no such strategy in this build, or no default-day.json");
    return;
  }
  for (auto _ : state) {
    sim::RunResult r = sim::run_world(day.scenario->params, *strategy);
    benchmark::DoNotOptimize(r.traceHash);
  }
}
BENCHMARK_CAPTURE(BM_DefaultDay, approach2, "approach2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DefaultDay, hardened, "hardened")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DefaultDay, ts_approach2, "ts:approach2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DefaultDay, ts_hardened, "ts:hardened")->Unit(benchmark::kMillisecond);

// Swarm seeds (every fault mix) of a ts: strategy, one after another on one thread: what the
// JS regression gate and the differential test pay per seed.
static void BM_CheckSeedsJs(benchmark::State& state, const char* strategyName) {
  const auto strategy = sim::js::any_strategy(strategyName);
  if (!strategy) {
    state.SkipWithError("no such strategy in this build");
    return;
  }
  std::uint64_t seed = 1;
  for (auto _ : state) {
    sim::RunResult r = sim::run_world(sim::swarm_world(seed++), *strategy);
    benchmark::DoNotOptimize(r.traceHash);
  }
  state.counters["seeds/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_CheckSeedsJs, ts_baseline, "ts:baseline")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckSeedsJs, ts_approach1, "ts:approach1")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckSeedsJs, ts_approach2, "ts:approach2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckSeedsJs, ts_hardened, "ts:hardened")->Unit(benchmark::kMillisecond);

// The bare event loop, for comparison with the full world.
static void on_tick(void* self, std::uint64_t) { ++*static_cast<std::uint64_t*>(self); }
static void BM_SchedulerBare(benchmark::State& state) {
  std::uint64_t ticks = 0;
  for (auto _ : state) {
    sim::Scheduler s;
    for (int i = 0; i < 1000; ++i) s.at(i * 7 % 1000, &on_tick, &ticks, 0);
    while (s.step()) {
    }
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(ticks), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SchedulerBare);

// Seeds per second for `syncsim check` (one thread): swarm worlds, every fault mix.
static void BM_CheckSeeds(benchmark::State& state, const char* strategyName) {
  const auto strategy = *core::strategy_by_name(strategyName);
  std::uint64_t seed = 1;
  for (auto _ : state) {
    sim::RunResult r = sim::run_world(sim::swarm_world(seed++), strategy);
    benchmark::DoNotOptimize(r.traceHash);
  }
  state.counters["seeds/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_CheckSeeds, approach2, "approach2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckSeeds, hardened, "hardened")->Unit(benchmark::kMillisecond);

// Peak heap in use (glibc's mallinfo2, sampled every 4,096 events) over a run of the given
// simulated length, tracing off: how memory grows with run length.
static void BM_PeakMemory(benchmark::State& state) {
  const sim::Time duration = state.range(0) * sim::kHour;
  std::size_t peak = 0, before = 0;
  for (auto _ : state) {
    before = mallinfo2().uordblks;
    sim::WorldParams p = canonical_day(1);
    p.durationMs = duration;
    p.faults.clear();
    sim::World w(p, *core::strategy_by_name("hardened"));
    w.start();
    std::uint64_t n = 0;
    while (w.sched.next_time() <= duration && w.sched.step())
      if ((++n & 4095) == 0) peak = std::max(peak, mallinfo2().uordblks);
    peak = std::max(peak, mallinfo2().uordblks);
  }
  state.counters["peak_heap_KiB"] = static_cast<double>(peak - before) / 1024.0;
  state.counters["sim_hours"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_PeakMemory)->Arg(1)->Arg(24)->Arg(24 * 30)->Unit(benchmark::kMillisecond)->Iterations(1);

// A fleet (sim/explore/fleet.hpp): N browsers on one event loop against one backend, approach2,
// 12 h with the default outage. The figure to watch is the cost per event as N grows: linear
// scaling keeps it flat.
static void BM_Fleet(benchmark::State& state) {
  sim::FleetParams p;
  p.browsers = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t events = 0;
  for (auto _ : state) {
    const sim::FleetResult r = sim::run_fleet(p, *core::strategy_by_name("approach2"));
    events += r.events;
    benchmark::DoNotOptimize(r.traceHash);
  }
  state.counters["ns/event"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Fleet)->Arg(1)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
