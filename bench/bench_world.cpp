// Speed of the whole world: simulated user-days per second and scheduler events per second.
// The canonical day: one user, 24 h, 40 review sessions, 1 % request loss, one 10-minute outage.
#include <benchmark/benchmark.h>

#include "core/strategy.hpp"
#include "sim/world.hpp"

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

static void BM_UserDay(benchmark::State& state, const char* strategyName) {
  const auto strategy = *core::strategy_by_name(strategyName);
  std::uint64_t seed = 1;
  std::uint64_t events = 0;
  for (auto _ : state) {
    sim::RunResult r = sim::run_world(canonical_day(seed++), strategy);
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

BENCHMARK_MAIN();
