#pragma once
// Fleet mode: many simulated browsers against one backend of finite capacity, in one
// deterministic run on one thread. Shows what a strategy does to the backend after an outage:
// the retry storm, the requests refused for capacity, and the time until the load is back to
// normal.
#include <array>
#include <cstdint>
#include <vector>

#include "core/strategy.hpp"
#include "sim/check/checker.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

struct FleetParams {
  std::uint64_t seed = 1;
  std::uint32_t browsers = 10000;
  Time durationMs = 12 * kHour;       // the workload (t = 0 is midnight)
  Time drainMs = 30 * kMinute;
  Time installSpreadMs = kHour;       // installs spread over this, so alarms are out of phase
  std::uint32_t capacityPerSecond = 400;
  Time outageAtMs = 11 * kHour;       // the backend answers `outageStatus` to everything...
  Time outageForMs = 10 * kMinute;    // ...for this long (0: no outage)
  int outageStatus = 503;
  UserParams user;
};

struct FleetResult {
  std::uint32_t browsers = 0;
  std::vector<std::uint32_t> arrivalsPerSecond;  // requests reaching the backend, each second
  std::vector<std::uint32_t> refusedPerSecond;   // of those, refused for capacity
  double baselinePerSecond = 0;   // mean arrivals/s in the 30 min before the outage
  std::uint32_t peakPerSecond = 0;  // highest arrivals/s from the outage's start to 30 min after its end
  Time peakAtMs = 0;
  Time timeToDrainMs = -1;        // outage end -> first 60 s whose mean is <= 1.2 x baseline + 1
  std::uint64_t requests = 0, refused = 0;
  std::uint64_t sessionsEnded = 0, stuck = 0, duplicates = 0, deadLettered = 0;
  std::uint64_t browsersWithViolations = 0;
  // Browsers violating each property, by Property value (sized by the list, so a new
  // property cannot index past it).
  std::array<std::uint64_t, kAllProperties.size() + 1> violationsByProperty{};
  std::uint64_t traceHash = 0;
  std::uint64_t events = 0;
};

FleetResult run_fleet(const FleetParams& p, const core::StrategyConfig& strategy);

}  // namespace syncsim::sim
