#include "sim/world/fault_injector.hpp"

#include <algorithm>

#include "sim/world/backend.hpp"
#include "sim/world/browser.hpp"
#include "sim/world/network.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"

namespace syncsim::sim {

FaultInjector::FaultInjector(Scheduler& sched, Trace& trace, Backend& backend, Network& network, BrowserStorage& storage,
                             ServiceWorker& worker, Browser& browser, std::vector<Fault> faults)
    : sched_(sched),
      trace_(trace),
      backend_(backend),
      network_(network),
      storage_(storage),
      worker_(worker),
      browser_(browser),
      faults_(std::move(faults)) {}

void FaultInjector::schedule_all() {
  for (std::size_t i = 0; i < faults_.size(); ++i) sched_.at(faults_[i].at, &FaultInjector::on_start, this, i);
}

void FaultInjector::on_start(void* self, std::uint64_t i) {
  auto& fi = *static_cast<FaultInjector*>(self);
  if (fi.healed_) return;
  const Fault& f = fi.faults_[i];
  const Time now = fi.sched_.now();
  const Time until = now + f.duration;
  fi.trace_.emit(now, TraceKind::Fault, static_cast<std::uint16_t>(f.kind), static_cast<std::uint32_t>(i), f.duration);
  bool windowed = false;
  switch (f.kind) {
    case FaultKind::Offline:
      if (fi.offlineDepth_++ == 0) fi.browser_.set_online(false);
      windowed = true;
      break;
    case FaultKind::CaptivePortal:
      if (fi.captiveDepth_++ == 0) fi.network_.set_captive(true);
      windowed = true;
      break;
    case FaultKind::ServerErrors:
      fi.backend_.set_error_window(until, f.status);
      fi.backend_.note_outage(until - f.duration, until);
      break;
    case FaultKind::RateLimit:
      fi.backend_.set_rate_limit_window(until, f.retryAfterMs);
      fi.backend_.note_outage(until - f.duration, until);
      break;
    case FaultKind::TokenRevoke: fi.backend_.revoke_tokens(); break;
    case FaultKind::RefreshBroken: fi.backend_.set_refresh_broken_until(until); break;
    case FaultKind::WorkerCrash: fi.worker_.kill(StopReason::Crash); break;
    case FaultKind::BrowserRestart: fi.browser_.shutdown(f.duration, f.alarmsLost); break;
    case FaultKind::BrowserQuit:
      // Measured (docs/conformance.md): a storage.set made by an onRemoved listener during a
      // graceful close is not there after relaunch.
      fi.storage_.extend_loss_window(until + fi.browser_.quit_grace());
      fi.browser_.quit(f.duration);
      break;
    case FaultKind::DeviceSleep: fi.browser_.sleep(f.duration); break;
    case FaultKind::StorageSetLoss: fi.storage_.set_loss_window(until); break;
    case FaultKind::PacketLoss:
      ++fi.lossDepth_;
      fi.network_.set_extra_loss(f.probability);
      windowed = true;
      break;
    case FaultKind::Count_: break;
  }
  if (windowed) fi.sched_.at(until, &FaultInjector::on_end, &fi, i);
}

void FaultInjector::on_end(void* self, std::uint64_t i) {
  auto& fi = *static_cast<FaultInjector*>(self);
  if (fi.healed_) return;
  switch (fi.faults_[i].kind) {
    case FaultKind::Offline:
      if (--fi.offlineDepth_ == 0) fi.browser_.set_online(true);
      break;
    case FaultKind::CaptivePortal:
      if (--fi.captiveDepth_ == 0) fi.network_.set_captive(false);
      break;
    case FaultKind::PacketLoss:
      if (--fi.lossDepth_ == 0) fi.network_.set_extra_loss(0);
      break;
    default: break;
  }
}

void FaultInjector::heal() {
  healed_ = true;
  offlineDepth_ = captiveDepth_ = lossDepth_ = 0;
}

}  // namespace syncsim::sim
