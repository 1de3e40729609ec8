#include "alarms.hpp"

#include <algorithm>

#include "world.hpp"

namespace syncsim::sim {

Alarms::Alarms(World& w, const BrowserParams& p, Rng rng) : w_(w), p_(p), rng_(rng) {}

void Alarms::create(core::AlarmName, Time delayMs, Time periodMs) {
  const Time now = w_.sched.now();
  a_.exists = true;
  a_.scheduledAt = now + std::max(delayMs, p_.alarmMinPeriodMs);
  a_.period = periodMs > 0 ? std::max(periodMs, p_.alarmMinPeriodMs) : 0;
  ++a_.gen;
  w_.trace.emit(now, TraceKind::AlarmCreate, 0, static_cast<std::uint32_t>(a_.period), a_.scheduledAt);
  arm();
}

bool Alarms::clear(core::AlarmName) {
  const bool had = a_.exists;
  a_.exists = false;
  ++a_.gen;
  return had;
}

void Alarms::arm() {
  const Time late = p_.alarmMaxLatenessMs > 0 ? rng_.between(0, p_.alarmMaxLatenessMs) : 0;
  w_.sched.at(a_.scheduledAt + late, &Alarms::on_due, this, a_.gen);
}

void Alarms::on_due(void* self, std::uint64_t gen) {
  auto& al = *static_cast<Alarms*>(self);
  if (!al.a_.exists || gen != al.a_.gen) return;
  if (!al.w_.browser.available()) return;  // frozen: on_wake() fires it once
  al.fire();
}

void Alarms::fire() {
  const Time now = w_.sched.now();
  w_.trace.emit(now, TraceKind::AlarmFire, 0, 0, a_.scheduledAt);
  w_.metrics.on_alarm_fire();
  ++a_.gen;
  if (a_.period > 0) {
    a_.scheduledAt += a_.period;
    if (a_.scheduledAt <= now) a_.scheduledAt = now + a_.period;  // reschedule from wake
    arm();
  } else {
    a_.exists = false;
  }
  w_.worker.dispatch(WorkerEvent{WorkerEventKind::Alarm});
}

void Alarms::on_wake() {
  if (a_.exists && a_.scheduledAt <= w_.sched.now()) fire();
}

}  // namespace syncsim::sim
