#pragma once
// Fault kinds. Each can be scheduled at a time (with a duration where it has one) or drawn at
// random from per-hour rates; random ones are expanded into scheduled ones from the run's
// "faults" stream before the run starts, so they are the same whatever the strategy does.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

enum class FaultKind : std::uint8_t {
  Offline,          // no network: navigator.onLine false, fetch fails at once
  CaptivePortal,    // navigator.onLine true, nothing gets through (requests hang)
  ServerErrors,     // backend answers `status` (500 or 503) to everything
  RateLimit,        // backend answers 429 with Retry-After `retryAfterMs`
  TokenRevoke,      // the server stops accepting the current access token
  RefreshBroken,    // token refresh fails for `duration`
  WorkerCrash,      // the service worker dies at once, wherever it is
  BrowserRestart,   // browser closes (tabs gone, worker killed), restarts after `duration`
  DeviceSleep,      // the device sleeps for `duration`: timers frozen, worker killed
  StorageSetLoss,   // for `duration`, a storage.set in flight when the worker dies is lost
  PacketLoss,       // for `duration`, requests and responses lost with probability `probability`
  BrowserQuit,      // the browser closes gracefully (pagehide, tabs.onRemoved for every tab), restarts after `duration`
  Count_
};

// The kinds the classic swarm draws from (sim/swarm.cpp): a kind added later is not drawn
// there, so adding one changes no existing swarm world.
constexpr int kClassicFaultKinds = static_cast<int>(FaultKind::PacketLoss) + 1;

std::string_view fault_kind_name(FaultKind k);
std::optional<FaultKind> fault_kind_by_name(std::string_view name);
bool fault_has_duration(FaultKind k);

struct Fault {
  FaultKind kind = FaultKind::WorkerCrash;
  Time at = 0;
  Time duration = 0;
  int status = 503;             // ServerErrors
  Time retryAfterMs = 30000;    // RateLimit
  bool alarmsLost = false;      // BrowserRestart
  double probability = 0.5;     // PacketLoss
};

// Per-hour rates of random faults, and their mean durations.
struct FaultRates {
  double perHour[static_cast<int>(FaultKind::Count_)] = {};
  Time meanDurationMs[static_cast<int>(FaultKind::Count_)] = {
      10 * kMinute, 10 * kMinute, 5 * kMinute, 2 * kMinute, 0,          10 * kMinute,
      0,            2 * kMinute,  30 * kMinute, 10 * kMinute, 5 * kMinute, 2 * kMinute};
  // RateLimit's Retry-After: 0, every one says the fault's default (30 s); otherwise each
  // drawn log-uniform in [1 s, this].
  Time retryAfterMaxMs = 0;
};

class Rng;
// Random faults over [0, duration), sorted with the scheduled ones by time.
std::vector<Fault> expand_faults(const std::vector<Fault>& scheduled, const FaultRates& rates, Time duration,
                                 Rng& rng);

}  // namespace syncsim::sim
