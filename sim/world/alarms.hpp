#pragma once
// chrome.alarms: the period is raised to the 30 s minimum; an alarm fires late by up to
// alarmMaxLatenessMs, never early; it persists across worker restarts; while the device
// sleeps (or the browser is closed) it does not fire, and a missed periodic alarm fires once
// on wake and reschedules from then; a browser restart may clear it (fault).
#include <cstdint>

#include "core/ports.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/time.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class Browser;
class Metrics;
class ServiceWorker;

class Alarms {
 public:
  Alarms(Scheduler& sched, Trace& trace, Metrics& metrics, const BrowserParams& p, Rng rng);
  // Built before the worker it wakes and the browser whose sleep it waits out: World wires them here.
  void wire(ServiceWorker& worker, const Browser& browser) {
    worker_ = &worker;
    browser_ = &browser;
  }

  void create(core::AlarmName name, Time delayMs, Time periodMs);
  bool clear(core::AlarmName name);
  void clear_all() { clear(core::AlarmName::Sync); }
  // The device woke or the browser restarted: fire what was missed, once.
  void on_wake();

  bool exists() const { return a_.exists; }
  Time scheduled_at() const { return a_.scheduledAt; }
  Time period() const { return a_.period; }

 private:
  struct Alarm {
    bool exists = false;
    Time scheduledAt = 0;
    Time period = 0;
    std::uint32_t gen = 0;
  };
  void arm();
  void fire();
  static void on_due(void* self, std::uint64_t gen);

  Scheduler& sched_;
  Trace& trace_;
  Metrics& metrics_;
  ServiceWorker* worker_ = nullptr;
  const Browser* browser_ = nullptr;
  BrowserParams p_;
  Rng rng_;
  Alarm a_;  // the extension uses one alarm, 'sync'
};

}  // namespace syncsim::sim
