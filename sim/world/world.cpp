#include "sim/world/world.hpp"

#include <algorithm>

#include "sim/world/drain.hpp"

namespace syncsim::sim {

namespace {
// The extension's manifest may lift chrome.storage.local's quota ("unlimitedStorage").
BrowserParams storage_params(BrowserParams b, const core::StrategyConfig& s) {
  if (s.unlimitedStorage) b.storageQuotaBytes = INT64_MAX / 4;
  return b;
}

std::vector<PlannedSession> make_plan(const WorldParams& p) {
  if (p.sessions) {
    std::vector<PlannedSession> plan = *p.sessions;
    for (std::size_t i = 0; i < plan.size(); ++i) plan[i].tab = static_cast<std::uint32_t>(i + 1);
    return plan;
  }
  Rng rng = Rng::stream(p.seed, "user");
  return plan_sessions(p.user, p.durationMs, rng);
}
std::vector<Fault> make_faults(const WorldParams& p) {
  Rng rng = Rng::stream(p.seed, "faults");
  return expand_faults(p.faults, p.faultRates, p.durationMs, rng);
}
// Every 5 minutes, what the dashboard and the extension's storage look like.
void sample(void* self, std::uint64_t) {
  auto& w = *static_cast<World*>(self);
  const auto& st = w.storage.state();
  w.metrics.on_sample(Sample{w.sched.now(), static_cast<std::uint32_t>(w.backend.in_progress()),
                             static_cast<std::uint32_t>(w.truth.active()),
                             static_cast<std::uint32_t>(st.pendingSessions.size()),
                             static_cast<std::uint32_t>(st.failedSyncItems.size()), w.storage.bytes()});
  if (w.sched.now() + kSampleEvery <= w.params.durationMs + w.drain_ms()) w.sched.after(kSampleEvery, &sample, self, 0);
}

void install(void* self, std::uint64_t) {
  auto& w = *static_cast<World*>(self);
  w.worker.dispatch(WorkerEvent{WorkerEventKind::Installed});
}
}  // namespace

World::World(const WorldParams& p, const core::StrategyConfig& s, bool keepTrace)
    : World(std::make_unique<SharedWorld>(p.backend, p.seed, keepTrace), nullptr, p, s, 0) {}

World::World(SharedWorld& shared, const WorldParams& p, const core::StrategyConfig& s, std::uint32_t c)
    : World(nullptr, &shared, p, s, c) {}

World::World(std::unique_ptr<SharedWorld> own, SharedWorld* shared, const WorldParams& p, const core::StrategyConfig& s,
             std::uint32_t c)
    : own_(std::move(own)),
      params(p),
      strategy(s),
      client(c),
      sched(own_ ? own_->sched : shared->sched),
      trace(own_ ? own_->trace : shared->trace),
      backend(own_ ? own_->backend : shared->backend),
      coreRng(Rng::stream(p.seed, "core")),
      network(sched, trace, backend, metrics, truth, c, p.network, p.browser.fetchResponseLimitMs,
              Rng::stream(p.seed, "network")),
      storage(sched, trace, metrics, storage_params(p.browser, strategy), Rng::stream(p.seed, "storage")),
      alarms(sched, trace, metrics, p.browser, Rng::stream(p.seed, "alarms")),
      worker(sched, trace, metrics, network, storage, alarms, coreRng, p.browser, strategy, Rng::stream(p.seed, "worker")),
      browser(sched, trace, metrics, truth, network, alarms, worker, strategy, p.browser, p.user.activityIntervalMs,
              Rng::stream(p.seed, "tabs")),
      user(sched, truth, browser, make_plan(p)),
      faults(sched, trace, backend, network, storage, worker, browser, make_faults(p)) {
  // Peers declared after the component that calls them, so not constructor arguments.
  network.set_worker(worker);
  if (strategy.attributeByRequests) {
    attribution = std::make_unique<RequestAttribution>(truth, backend, metrics, strategy.retry, client);
    network.set_attribution(attribution.get());
    metrics.ledger_from_requests();
  }
  alarms.wire(worker, browser);
  worker.set_browser(browser);
  worker.set_truth(truth);
}

void World::start() {
  // A signed-in extension, freshly installed at t = 0.
  storage.mutable_state().auth = backend.initial_auth(0);
  sched.at(params.installAtMs, &install, this, 0);
  user.schedule_all();
  faults.schedule_all();
  drainMs_ = params.drainMs;  // until the heal says more is needed
  metrics.keep_samples(params.keepSamples, params.durationMs);
  metrics.set_stop_window(params.browser.storageLatencyMaxMs);
  if (params.sampleSeries) sched.at(0, &sample, this, 0);
}

void World::heal() {
  trace.emit(sched.now(), TraceKind::Heal);
  faults.heal();
  network.heal();
  browser.set_online(true);
  backend.heal(sched.now());
  storage.set_loss_window(-1);
  browser.heal();
  // An extension whose worker died in a cold start after the browser lost its alarms has no
  // event left to wake it while no tab is open; a user's next action would be to open the
  // browser again. The heal brings that launch forward, so such a world is judged on what the
  // strategy does once it can run (docs/properties.md, "Healing"; F27).
  if (worker.unreachable_now() && browser.open_tabs() == 0) {
    trace.emit(sched.now(), TraceKind::Heal, 1);
    browser.relaunch();
  }
}

void World::run() {
  start();
  sched.run_until(params.durationMs);
  heal();
  drainMs_ = drain_needed(*this, sched.now());
  sched.run_until(params.durationMs + drainMs_);
  // Reviews open at the heal end when their user closes them; one that ended late in the
  // drain gets the recovery time every review gets (sim/world/drain.hpp).
  const Time longest = std::max(params.drainMs, kLongestDrain);
  for (Time need; (need = std::min(last_close(*this) + recovery_bound(*this), params.durationMs + longest)) >
                  params.durationMs + drainMs_;) {
    drainMs_ = need - params.durationMs;
    sched.run_until(params.durationMs + drainMs_);
  }
  finish();
}

void World::finish() { worker.settle_running(); }

}  // namespace syncsim::sim
