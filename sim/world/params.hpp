#pragma once
// Every knob of the simulated world, with its default (Chrome's MV3 limits where the browser
// has one). A scenario file may set any of them (sim/explore/scenario.cpp maps the JSON names).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/runtime/time.hpp"
#include "sim/world/faults.hpp"

namespace syncsim::sim {

struct NetworkParams {
  double latencyMedianMs = 80;    // one round trip, log-normal
  double latencySigma = 0.5;
  double requestLoss = 0;         // lost before the server (client sees a network error)
  double responseLoss = 0;        // lost after the server acted (outcome unknown)
  Time lostRequestErrorMs = 1000; // how long a lost request takes to fail (connection reset)
  Time serverTimeMs = 5;
};

struct BrowserParams {
  // Cold start before the first event is dispatched, U[min, max]: measured 30-41 ms on an idle
  // machine and 36-48 ms on a loaded one (docs/conformance.md).
  Time workerStartMinMs = 30;
  Time workerStartMaxMs = 50;
  Time idleTimeoutMs = 30 * kSecond;
  Time hardLimitMs = 5 * kMinute;
  // Chrome's 30 s rule for a worker's fetch response; 0: none. Measured, a 45 s fetch completed
  // while API calls kept the worker active (docs/conformance.md), so by default only the idle
  // timeout ends a hung fetch (fetch does not reset it).
  Time fetchResponseLimitMs = 0;
  // A storage get or set, U[min, max] in whole ms (0: the next event): measured 0.1-2.8 ms for
  // 100 B across runs (docs/conformance.md).
  Time storageLatencyMinMs = 0;
  Time storageLatencyMaxMs = 3;
  bool loseInflightSetOnKill = false;
  std::int64_t storageQuotaBytes = 10 * 1024 * 1024;
  Time alarmMinPeriodMs = 30 * kSecond;
  Time alarmMaxLatenessMs = 4;    // alarms fire late by U(0, this], never early; measured 1-3 ms (docs/conformance.md)
  Time pageTeardownMs = 50;       // after pagehide the page is gone
  Time quitGraceMs = 2;           // a graceful close: the worker stops this long after it; measured, a storage.set made in onRemoved did not persist (docs/conformance.md)
  Time messageLatencyMs = 1;      // runtime.sendMessage one way
  // A tab's close to tabs.onRemoved's dispatch, U[min, max]: the measured wake latency (51-84 ms
  // across runs) minus the cold start (docs/conformance.md).
  Time tabRemovedDelayMinMs = 15;
  Time tabRemovedDelayMaxMs = 35;
  std::int64_t beaconLimitBytes = 64 * 1024;
};

enum class IdempotencyMode : std::uint8_t {
  None,           // every start creates a session; ending a completed session answers 409
  EndIdempotent,  // ending a completed session answers 200
  Key,            // Idempotency-Key (localId) dedups start and end; end is idempotent
};

struct BackendParams {
  IdempotencyMode idempotency = IdempotencyMode::Key;
  Time tokenLifetimeMs = 0;       // 0: tokens do not expire on their own (revocation is a fault)
  double serverErrorRate = 0;     // random 500s
  std::uint32_t capacityPerSecond = 0;  // requests served per second; more get 503 (0: unlimited)
  bool recordPerSecond = false;   // keep arrivals per second (fleet reports)
};

struct UserParams {
  double sessionsPerDay = 40;
  Time reviewMinMs = 1 * kMinute;
  Time reviewMaxMs = 20 * kMinute;
  Time activityIntervalMs = 10 * kSecond;
  double parallelProbability = 0.2;  // a session opens while another tab is still open
  int workStartHour = 9;
  int workEndHour = 18;
  double malformedRate = 0;          // sessions whose start the backend rejects with 400
  std::uint32_t repos = 12;
};

// One review: the tab opens at openAt and the user closes it at closeAt.
struct PlannedSession {
  std::uint32_t tab = 0;
  Time openAt = 0;
  Time closeAt = 0;
  std::uint32_t repo = 1;
  std::int32_t pr = 1;
};

struct WorldParams {
  std::uint64_t seed = 1;
  Time durationMs = kDay;         // workload length
  Time drainMs = 30 * kMinute;    // after the heal, before the properties are checked
  Time installAtMs = 0;           // when the extension is installed (fleet: spread out)
  bool sampleSeries = true;       // 5-minute samples (storage growth, the queue at the end)
  bool keepSamples = false;       // and keep the series (the report's charts; 9 KB a day)
  NetworkParams network;
  BrowserParams browser;
  BackendParams backend;
  UserParams user;
  // When set, the user's day is exactly these reviews (tabs numbered from 1 in this order)
  // instead of one drawn from `user`: how shrunk counterexamples are written down.
  std::optional<std::vector<PlannedSession>> sessions;
  std::vector<Fault> faults;      // scheduled
  FaultRates faultRates;          // random, expanded from the seed into scheduled faults
};

}  // namespace syncsim::sim
