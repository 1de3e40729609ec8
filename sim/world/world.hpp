#pragma once
// One simulated world: the scheduler, the backend, the network, the browser (storage, alarms,
// service worker, tabs), the user and the faults, built from WorldParams and a strategy and
// wired together, run for the workload's duration, healed and drained. sim/check/ judges it
// (run_world.hpp).
#include <cstdint>
#include <memory>
#include <vector>

#include "core/strategy.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/alarms.hpp"
#include "sim/world/backend.hpp"
#include "sim/world/browser.hpp"
#include "sim/world/fault_injector.hpp"
#include "sim/world/ground_truth.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/network.hpp"
#include "sim/world/params.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"
#include "sim/world/user.hpp"

namespace syncsim::sim {

// What the browsers of a fleet share: one clock, one trace, one backend. A single run owns one.
struct SharedWorld {
  SharedWorld(const BackendParams& backendParams, std::uint64_t seed, bool keepTrace)
      : trace(keepTrace), backend(backendParams, Rng::stream(seed, "backend")) {}
  Scheduler sched;
  Trace trace;
  Backend backend;
};

class World {
  std::unique_ptr<SharedWorld> own_;  // first: it outlives every member that uses it

 public:
  // A world of its own (one browser, one backend).
  World(const WorldParams& params, const core::StrategyConfig& strategy, bool keepTrace = false);
  // One browser of a fleet: `client` tells its requests and server rows from the others'.
  World(SharedWorld& shared, const WorldParams& params, const core::StrategyConfig& strategy, std::uint32_t client);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // The whole run: workload, heal, drain.
  void run();

  // Pieces of run(), for tests that drive the world by hand.
  void start();                 // installs the extension, schedules the user and the faults
  void heal();                  // the world recovers: online, backend healthy, browser up
  void finish();                // the run is over: what the running worker heard is settled
  // The drain run() gave this world after its heal: the scenario's, or longer when the world
  // left more than that to do (sim/world/drain.hpp).
  Time drain_ms() const { return drainMs_; }

  // Declaration order is construction order: everything below may use what is above it (where
  // one uses a later one - the worker, the browser - the constructor wires it in).
  WorldParams params;
  core::StrategyConfig strategy;
  std::uint32_t client;
  Scheduler& sched;
  Trace& trace;
  Backend& backend;
  Metrics metrics;
  GroundTruth truth;
  Rng coreRng;  // Math.random() for the extension
  Network network;
  BrowserStorage storage;
  Alarms alarms;
  ServiceWorker worker;
  Browser browser;
  User user;
  FaultInjector faults;
  // Only for a strategy with attributeByRequests (JS bundles): sim/world/attribution.hpp.
  std::unique_ptr<RequestAttribution> attribution;

 private:
  World(std::unique_ptr<SharedWorld> own, SharedWorld* shared, const WorldParams& params,
        const core::StrategyConfig& strategy, std::uint32_t client);
  Time drainMs_ = 0;
};

}  // namespace syncsim::sim
