#include "sim/world/alarms.hpp"

#include <algorithm>

#include "sim/world/browser.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::sim {

Alarms::Alarms(Scheduler& sched, Trace& trace, Metrics& metrics, const BrowserParams& p, Rng rng)
    : sched_(sched), trace_(trace), metrics_(metrics), p_(p), rng_(rng) {}

void Alarms::create(core::AlarmName, Time delayMs, Time periodMs) {
  const Time now = sched_.now();
  a_.exists = true;
  a_.scheduledAt = now + std::max(delayMs, p_.alarmMinPeriodMs);
  a_.period = periodMs > 0 ? std::max(periodMs, p_.alarmMinPeriodMs) : 0;
  ++a_.gen;
  trace_.emit(now, TraceKind::AlarmCreate, 0, static_cast<std::uint32_t>(a_.period), a_.scheduledAt);
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
  sched_.at(a_.scheduledAt + late, &Alarms::on_due, this, a_.gen);
}

void Alarms::on_due(void* self, std::uint64_t gen) {
  auto& al = *static_cast<Alarms*>(self);
  if (!al.a_.exists || gen != al.a_.gen) return;
  if (!al.browser_->available()) return;  // frozen: on_wake() fires it once
  al.fire();
}

void Alarms::fire() {
  const Time now = sched_.now();
  trace_.emit(now, TraceKind::AlarmFire, 0, 0, a_.scheduledAt);
  metrics_.on_alarm_fire();
  ++a_.gen;
  if (a_.period > 0) {
    a_.scheduledAt += a_.period;
    if (a_.scheduledAt <= now) a_.scheduledAt = now + a_.period;  // reschedule from wake
    arm();
  } else {
    a_.exists = false;
  }
  worker_->dispatch(WorkerEvent{WorkerEventKind::Alarm});
}

void Alarms::on_wake() {
  if (a_.exists && a_.scheduledAt <= sched_.now()) fire();
}

}  // namespace syncsim::sim
