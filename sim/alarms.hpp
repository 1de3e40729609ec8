#pragma once
// chrome.alarms: the period is raised to the 30 s minimum; an alarm fires late by up to
// alarmMaxLatenessMs, never early; it persists across worker restarts; while the device
// sleeps (or the browser is closed) it does not fire, and a missed periodic alarm fires once
// on wake and reschedules from then; a browser restart may clear it (fault).
#include <cstdint>

#include "core/ports.hpp"
#include "params.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/time.hpp"

namespace syncsim::sim {

class World;

class Alarms {
 public:
  Alarms(World& w, const BrowserParams& p, Rng rng);

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

  World& w_;
  BrowserParams p_;
  Rng rng_;
  Alarm a_;  // the extension uses one alarm, 'sync'
};

}  // namespace syncsim::sim
