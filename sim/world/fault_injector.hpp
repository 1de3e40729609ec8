#pragma once
// Applies the run's faults (scheduled, and random ones expanded from the "faults" stream) to
// the world at their times, and undoes the windowed ones when they end. Overlapping windows of
// one kind nest: the world recovers when the last one ends.
#include <cstdint>
#include <vector>

#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/faults.hpp"

namespace syncsim::sim {

class Backend;
class Browser;
class BrowserStorage;
class Network;
class ServiceWorker;

class FaultInjector {
 public:
  // Every component a fault can strike.
  FaultInjector(Scheduler& sched, Trace& trace, Backend& backend, Network& network, BrowserStorage& storage,
                ServiceWorker& worker, Browser& browser, std::vector<Fault> faults);
  void schedule_all();
  void heal();  // nothing starts after this, and every open window is closed
  const std::vector<Fault>& faults() const { return faults_; }

 private:
  static void on_start(void* self, std::uint64_t i);
  static void on_end(void* self, std::uint64_t i);
  Scheduler& sched_;
  Trace& trace_;
  Backend& backend_;
  Network& network_;
  BrowserStorage& storage_;
  ServiceWorker& worker_;
  Browser& browser_;
  std::vector<Fault> faults_;
  int offlineDepth_ = 0;
  int captiveDepth_ = 0;
  int lossDepth_ = 0;
  bool healed_ = false;
};

}  // namespace syncsim::sim
