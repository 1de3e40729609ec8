#include "sim/world/service_worker.hpp"

#include "sim/world/alarms.hpp"
#include "sim/world/storage.hpp"

#include "sim/world/ground_truth.hpp"

#include "sim/world/browser.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/worker_ports.hpp"

namespace syncsim::sim {

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::Idle: return "idle";
    case StopReason::HardLimit: return "hard_limit";
    case StopReason::FetchTimeout: return "fetch_timeout";
    case StopReason::Crash: return "crash";
    case StopReason::BrowserShutdown: return "browser_shutdown";
    case StopReason::DeviceSleep: return "device_sleep";
    case StopReason::EndOfRun: return "end_of_run";
  }
  return "unknown";
}

ServiceWorker::ServiceWorker(Scheduler& sched, Trace& trace, Metrics& metrics, Network& network, BrowserStorage& storage,
                             Alarms& alarms, Rng& coreRng, const BrowserParams& p, const core::StrategyConfig& strategy,
                             Rng startRng)
    : sched_(sched),
      trace_(trace),
      metrics_(metrics),
      network_(network),
      storage_(storage),
      alarms_(alarms),
      coreRng_(coreRng),
      startRng_(startRng),
      p_(p),
      strategy_(strategy),
      ctx_(sched.create_context()) {}

ServiceWorker::~ServiceWorker() {
  if (state_ == State::Running) sched_.kill(ctx_);  // frames before the globals they point to
}

void ServiceWorker::dispatch(const WorkerEvent& e) {
  switch (state_) {
    case State::Running:
      touch();
      run(e);
      return;
    case State::Starting:
      queued_.push_back(e);
      return;
    case State::Stopped:
      queued_.push_back(e);
      state_ = State::Starting;
      sched_.after(startRng_.between(p_.workerStartMinMs, p_.workerStartMaxMs), &ServiceWorker::on_started, this, ++startGen_);
      return;
  }
}

void ServiceWorker::on_started(void* self, std::uint64_t startGen) {
  auto& sw = *static_cast<ServiceWorker*>(self);
  if (sw.state_ != State::Starting || startGen != sw.startGen_) return;
  sw.state_ = State::Running;
  ++sw.incarnations_;
  sw.alarmsLostUnseen_ = false;
  if (sw.unreachable_now()) sw.unreachable_.back().to = sw.sched_.now();
  sw.ports_ = std::make_unique<WorkerPortsImpl>(sw, sw.sched_, sw.trace_, sw.metrics_, sw.network_, sw.storage_,
                                                sw.alarms_, *sw.browser_, sw.coreRng_);
  sw.ext_ = core::make_extension(*sw.ports_, sw.strategy_);
  sw.trace_.emit(sw.sched_.now(), TraceKind::WorkerStart, 0, sw.sched_.ref(sw.ctx_).incarnation);
  sw.metrics_.on_worker_start(sw.sched_.now());
  sw.touch();
  // The script's top level runs first, then the listener of each event that woke it.
  sw.sched_.spawn(sw.ctx_, sw.ext_->main());
  auto queued = std::move(sw.queued_);
  sw.queued_.clear();
  for (const auto& e : queued) sw.run(e);
}

void ServiceWorker::run(const WorkerEvent& e) {
  std::uint32_t slot;
  if (!runFree_.empty()) {
    slot = runFree_.back();
    runFree_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(runStart_.size());
    runStart_.push_back(-1);
  }
  const Time now = sched_.now();
  runStart_[slot] = now;
  trace_.emit(now, TraceKind::HandlerStart, static_cast<std::uint16_t>(e.kind), e.tab);
  if (e.kind == WorkerEventKind::StartSession || e.kind == WorkerEventKind::Activity || e.kind == WorkerEventKind::PageHide)
    heard(e.tab, now);
  // One pending check for the 5-minute rule, not one per event: it looks at the oldest
  // running listener when it fires.
  if (!hardCheckPending_) {
    hardCheckPending_ = true;
    sched_.at(now + p_.hardLimitMs, &ServiceWorker::on_hard_limit, this, sched_.ref(ctx_).incarnation);
  }
  sched_.spawn(ctx_, handler(e, slot));
}

Task<void> ServiceWorker::handler(WorkerEvent e, std::uint64_t runKey) {
  const Time t0 = sched_.now();
  core::Extension& ext = *ext_;
  switch (e.kind) {
    case WorkerEventKind::Installed: co_await ext.onInstalled(); break;
    case WorkerEventKind::Startup: co_await ext.onStartup(); break;
    case WorkerEventKind::Alarm: co_await ext.onAlarm(core::AlarmName::Sync); break;
    case WorkerEventKind::TabRemoved:
      co_await ext.onTabRemoved(e.tab);
      metrics_.on_end_handler(e.tab, sched_.now() - t0);
      break;
    case WorkerEventKind::StartSession: co_await ext.onStartSessionMessage(e.tab, e.repo, e.pr); break;
    case WorkerEventKind::Activity: co_await ext.onActivityMessage(e.tab, e.repo, e.pr, e.seq); break;
    case WorkerEventKind::GetBeaconPayload: browser_->reply_beacon_payload(e.reply, ext.onGetBeaconPayload()); break;
    case WorkerEventKind::Online: co_await ext.onOnline(); break;
    case WorkerEventKind::PageHide: co_await ext.onPageHideMessage(e.tab, e.repo, e.pr, e.seq, e.openedAt); break;
  }
  const auto slot = static_cast<std::uint32_t>(runKey);
  runStart_[slot] = -1;
  runFree_.push_back(slot);
}

void ServiceWorker::on_hard_limit(void* self, std::uint64_t incarnation) {
  auto& sw = *static_cast<ServiceWorker*>(self);
  if (incarnation != sw.sched_.ref(sw.ctx_).incarnation) return;  // a dead incarnation's check
  sw.hardCheckPending_ = false;
  Time oldest = -1;
  for (Time t : sw.runStart_)
    if (t >= 0 && (oldest < 0 || t < oldest)) oldest = t;
  if (oldest < 0) return;
  const Time limit = sw.p_.hardLimitMs;
  if (sw.sched_.now() - oldest >= limit) {
    sw.hardLimitKills_.push_back(sw.sched_.now());
    sw.kill(StopReason::HardLimit);
    return;
  }
  sw.hardCheckPending_ = true;
  sw.sched_.at(oldest + limit, &ServiceWorker::on_hard_limit, &sw, incarnation);
}

void ServiceWorker::touch() {
  lastActivity_ = sched_.now();
  if (!idleCheckPending_ && state_ == State::Running) {
    idleCheckPending_ = true;
    sched_.at(lastActivity_ + p_.idleTimeoutMs, &ServiceWorker::on_idle_check, this, sched_.ref(ctx_).incarnation);
  }
}

void ServiceWorker::on_idle_check(void* self, std::uint64_t incarnation) {
  auto& sw = *static_cast<ServiceWorker*>(self);
  if (incarnation != sw.sched_.ref(sw.ctx_).incarnation) return;  // a later incarnation arms its own
  sw.idleCheckPending_ = false;
  if (sw.state_ != State::Running) return;
  const Time now = sw.sched_.now();
  if (now - sw.lastActivity_ >= sw.p_.idleTimeoutMs) {
    sw.kill(StopReason::Idle);
  } else {
    sw.idleCheckPending_ = true;
    sw.sched_.at(sw.lastActivity_ + sw.p_.idleTimeoutMs, &ServiceWorker::on_idle_check, &sw, incarnation);
  }
}

// The first message of each tab this incarnation received. A tab counts as heard (ground truth)
// once the incarnation that heard it lived one storage write's longest latency after it (two
// where an in-flight write dies with its worker): time enough to have written the review down
// (sim/check/nothing_lost.cpp).
void ServiceWorker::heard(std::uint32_t tab, Time at) {
  for (const auto& h : heardThisLife_)
    if (h.first == tab) return;
  heardThisLife_.emplace_back(tab, at);
}

void ServiceWorker::settle_heard(Time stoppedAt) {
  // Where a write in flight dies with its worker, it must land before the death: a cold worker
  // reads its state and then writes, two storage calls. Strictly after: a fault at a millisecond
  // runs before everything else due then, so a call completing at the instant of the death
  // never completed (F25).
  for (const auto& [tab, at] : heardThisLife_) {
    const Time needs = p_.storageLatencyMaxMs * (storage_.inflight_lost_on_kill(stoppedAt) ? 2 : 1);
    if (truth_ && stoppedAt - at > needs) truth_->on_heard(tab, at);
  }
  heardThisLife_.clear();
}

void ServiceWorker::settle_running() { settle_heard(sched_.now()); }

void ServiceWorker::kill(StopReason why) {
  if (state_ == State::Starting) {
    state_ = State::Stopped;
    queued_.clear();
    if (alarmsLostUnseen_ && !alarms_.exists() && !unreachable_now()) unreachable_.push_back({sched_.now(), -1});
    return;
  }
  if (state_ != State::Running) return;
  const std::uint32_t inc = sched_.ref(ctx_).incarnation;
  settle_heard(sched_.now());
  sched_.kill(ctx_);  // destroys every suspended frame; stale wake-ups are dropped
  ext_.reset();       // the globals go with the incarnation
  ports_.reset();
  state_ = State::Stopped;
  idleCheckPending_ = false;
  hardCheckPending_ = false;
  for (std::size_t i = 0; i < runStart_.size(); ++i) {
    if (runStart_[i] >= 0) {
      runStart_[i] = -1;
      runFree_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  trace_.emit(sched_.now(), TraceKind::WorkerStop, static_cast<std::uint16_t>(why), inc);
  metrics_.on_worker_stop(why, sched_.now());
}

}  // namespace syncsim::sim
