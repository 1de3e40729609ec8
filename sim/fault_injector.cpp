#include "fault_injector.hpp"

#include <algorithm>

#include "world.hpp"

namespace syncsim::sim {

FaultInjector::FaultInjector(World& w, std::vector<Fault> faults) : w_(w), faults_(std::move(faults)) {}

void FaultInjector::schedule_all() {
  for (std::size_t i = 0; i < faults_.size(); ++i) w_.sched.at(faults_[i].at, &FaultInjector::on_start, this, i);
}

void FaultInjector::on_start(void* self, std::uint64_t i) {
  auto& fi = *static_cast<FaultInjector*>(self);
  if (fi.healed_) return;
  World& w = fi.w_;
  const Fault& f = fi.faults_[i];
  const Time now = w.sched.now();
  const Time until = now + f.duration;
  w.trace.emit(now, TraceKind::Fault, static_cast<std::uint16_t>(f.kind), static_cast<std::uint32_t>(i), f.duration);
  bool windowed = false;
  switch (f.kind) {
    case FaultKind::Offline:
      if (fi.offlineDepth_++ == 0) w.browser.set_online(false);
      windowed = true;
      break;
    case FaultKind::CaptivePortal:
      if (fi.captiveDepth_++ == 0) w.network.set_captive(true);
      windowed = true;
      break;
    case FaultKind::ServerErrors: w.backend.set_error_window(until, f.status); break;
    case FaultKind::RateLimit: w.backend.set_rate_limit_window(until, f.retryAfterMs); break;
    case FaultKind::TokenRevoke: w.backend.revoke_tokens(); break;
    case FaultKind::RefreshBroken: w.backend.set_refresh_broken_until(until); break;
    case FaultKind::WorkerCrash: w.worker.kill(StopReason::Crash); break;
    case FaultKind::BrowserRestart: w.browser.shutdown(f.duration, f.alarmsLost); break;
    case FaultKind::DeviceSleep: w.browser.sleep(f.duration); break;
    case FaultKind::StorageSetLoss: w.storage.set_loss_window(until); break;
    case FaultKind::PacketLoss:
      ++fi.lossDepth_;
      w.network.set_extra_loss(f.probability);
      windowed = true;
      break;
    case FaultKind::Count_: break;
  }
  if (windowed) w.sched.at(until, &FaultInjector::on_end, &fi, i);
}

void FaultInjector::on_end(void* self, std::uint64_t i) {
  auto& fi = *static_cast<FaultInjector*>(self);
  if (fi.healed_) return;
  World& w = fi.w_;
  switch (fi.faults_[i].kind) {
    case FaultKind::Offline:
      if (--fi.offlineDepth_ == 0) w.browser.set_online(true);
      break;
    case FaultKind::CaptivePortal:
      if (--fi.captiveDepth_ == 0) w.network.set_captive(false);
      break;
    case FaultKind::PacketLoss:
      if (--fi.lossDepth_ == 0) w.network.set_extra_loss(0);
      break;
    default: break;
  }
}

void FaultInjector::heal() {
  healed_ = true;
  offlineDepth_ = captiveDepth_ = lossDepth_ = 0;
}

}  // namespace syncsim::sim
