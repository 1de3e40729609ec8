#include "sim/explore/fleet.hpp"

#include <algorithm>
#include <memory>

#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

FleetResult run_fleet(const FleetParams& fp, const core::StrategyConfig& strategy) {
  BackendParams bp;
  bp.capacityPerSecond = fp.capacityPerSecond;
  bp.recordPerSecond = true;
  SharedWorld shared(bp, fp.seed, false);
  Rng rng = Rng::stream(fp.seed, "fleet");

  std::vector<std::unique_ptr<World>> browsers;
  browsers.reserve(fp.browsers);
  for (std::uint32_t c = 0; c < fp.browsers; ++c) {
    WorldParams p;
    std::uint64_t st = fp.seed ^ (0x9e3779b97f4a7c15ULL * (c + 1));
    p.seed = splitmix64(st);
    p.durationMs = fp.durationMs;
    p.drainMs = fp.drainMs;
    p.user = fp.user;
    p.sampleSeries = false;
    p.installAtMs = fp.installSpreadMs > 0 ? static_cast<Time>(rng.below(static_cast<std::uint64_t>(fp.installSpreadMs))) : 0;
    if (c == 0 && fp.outageForMs > 0) {
      // The outage is the shared backend's: browser 0's fault injector applies it.
      Fault f;
      f.kind = FaultKind::ServerErrors;
      f.at = fp.outageAtMs;
      f.duration = fp.outageForMs;
      f.status = fp.outageStatus;
      p.faults.push_back(f);
    }
    browsers.push_back(std::make_unique<World>(shared, p, strategy, c));
  }
  for (auto& b : browsers) b->start();
  shared.sched.run_until(fp.durationMs);
  for (auto& b : browsers) b->heal();
  shared.sched.run_until(fp.durationMs + fp.drainMs);
  for (auto& b : browsers) b->finish();

  FleetResult r;
  r.browsers = fp.browsers;
  for (auto& b : browsers) {
    const RunResult one = judge(*b);
    r.sessionsEnded += one.metrics.sessionsEnded;
    r.stuck += one.metrics.stuckAtEnd;
    r.duplicates += one.metrics.duplicates;
    r.deadLettered += one.metrics.deadLettered;
    if (!one.violations.empty()) ++r.browsersWithViolations;
    for (auto p : violated_properties(one.violations)) ++r.violationsByProperty[static_cast<std::size_t>(p)];
  }
  r.arrivalsPerSecond = shared.backend.arrivals_per_second();
  r.refusedPerSecond = shared.backend.refused_per_second();
  for (auto n : r.arrivalsPerSecond) r.requests += n;
  r.refused = shared.backend.refused_for_capacity();
  r.traceHash = shared.trace.hash();
  r.events = shared.sched.events_run();

  // The storm: baseline before the outage, peak after it began, time back to normal.
  const auto& a = r.arrivalsPerSecond;
  auto at = [&](Time s) -> std::uint32_t { return s >= 0 && static_cast<std::size_t>(s) < a.size() ? a[static_cast<std::size_t>(s)] : 0; };
  const Time outStart = fp.outageAtMs / kSecond, outEnd = (fp.outageAtMs + fp.outageForMs) / kSecond;
  const Time baseFrom = std::max<Time>(0, outStart - 30 * 60);
  double sum = 0;
  for (Time s = baseFrom; s < outStart; ++s) sum += at(s);
  r.baselinePerSecond = outStart > baseFrom ? sum / static_cast<double>(outStart - baseFrom) : 0;
  const Time peakUntil = std::min<Time>(static_cast<Time>(a.size()), outEnd + 30 * 60);
  for (Time s = outStart; s < peakUntil; ++s)
    if (at(s) > r.peakPerSecond) {
      r.peakPerSecond = at(s);
      r.peakAtMs = s * kSecond;
    }
  if (fp.outageForMs > 0) {
    const double normal = 1.2 * r.baselinePerSecond + 1.0;
    for (Time s = outEnd; s + 60 <= static_cast<Time>(a.size()); ++s) {
      double w = 0;
      for (Time k = s; k < s + 60; ++k) w += at(k);
      if (w / 60.0 <= normal) {
        r.timeToDrainMs = (s - outEnd) * kSecond;
        break;
      }
    }
  }
  return r;
}

}  // namespace syncsim::sim
