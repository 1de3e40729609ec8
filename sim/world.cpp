#include "world.hpp"

#include <map>

namespace syncsim::sim {

namespace {
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
  if (w.sched.now() + kSampleEvery <= w.params.durationMs + w.params.drainMs) w.sched.after(kSampleEvery, &sample, self, 0);
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
      storage(sched, trace, metrics, p.browser, Rng::stream(p.seed, "storage")),
      alarms(sched, trace, metrics, p.browser, Rng::stream(p.seed, "alarms")),
      worker(sched, trace, metrics, network, storage, alarms, coreRng, p.browser, strategy),
      browser(sched, trace, metrics, truth, network, alarms, worker, strategy, p.browser, p.user.activityIntervalMs),
      user(sched, truth, browser, make_plan(p)),
      faults(sched, trace, backend, network, storage, worker, browser, make_faults(p)) {
  // Calls back into components built after the caller: the cycles of the browser.
  network.set_worker(worker);
  alarms.wire(worker, browser);
  worker.set_browser(browser);
}

void World::start() {
  // A signed-in extension, freshly installed at t = 0.
  storage.mutable_state().auth = backend.initial_auth(0);
  sched.at(params.installAtMs, &install, this, 0);
  user.schedule_all();
  faults.schedule_all();
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
}

RunResult World::finish() {
  on_server_change();  // close the dashboard integral at the current time
  RunResult r;
  r.violations = check_properties(*this);
  r.traceHash = trace.hash();
  r.traceEvents = trace.count();
  r.metrics = metrics.data();
  RunMetrics& m = r.metrics;
  m.simulatedMs = sched.now();
  m.events = sched.events_run();
  m.workerWakeups = m.workerStarts;
  summarise_retries(m);
  summarise_storage(m);
  // Latency and completion from the ground truth and the server's table.
  const auto& truth_ = truth.sessions();
  std::vector<Time> firstCompleted(truth_.size(), -1);
  std::vector<std::uint32_t> rows(truth_.size(), 0);
  for (const auto& row : backend.sessions()) {
    if (row.client != client || row.owner >= truth_.size()) continue;
    ++rows[row.owner];
    if (row.status == ServerStatus::Completed && (firstCompleted[row.owner] < 0 || row.completedAt < firstCompleted[row.owner]))
      firstCompleted[row.owner] = row.completedAt;
    if (row.status == ServerStatus::InProgress && truth_[row.owner].closedAt >= 0) ++m.stuckAtEnd;
  }
  for (std::size_t id = 0; id < truth_.size(); ++id) {
    const TrueSession& t = truth_[id];
    if (rows[id] > 1) m.duplicates += rows[id] - 1;
    // Latency is over sessions the backend can accept: a malformed one is never completed.
    if (!t.exists || t.closedAt < 0 || t.malformed) continue;
    ++m.sessionsEnded;
    if (firstCompleted[id] >= 0) {
      ++m.sessionsCompleted;
      m.latencies.push_back(firstCompleted[id] - t.closedAt);
    }
  }
  return r;
}

void World::summarise_retries(RunMetrics& m) const {
  // Gaps between consecutive attempts of one pending item, after a failure; and whether
  // each gap is longer than the one before (the plan's "retries with increasing delays").
  std::map<std::pair<core::LocalId, bool>, std::vector<const RetryEvent*>> items;
  for (const auto& e : metrics.retry_ledger()) items[{e.id, e.endAction}].push_back(&e);
  for (const auto& [key, events] : items) {
    Time prevAttempt = -1, prevGap = -1;
    bool failedSince = false;
    for (const RetryEvent* e : events) {
      if (e->kind == RetryEvent::Failure) failedSince = true;
      if (e->kind != RetryEvent::Attempt) continue;
      if (prevAttempt >= 0 && failedSince) {
        const Time gap = e->at - prevAttempt;
        m.retryGaps.push_back(gap);
        if (prevGap >= 0) {
          ++m.retryGapPairs;
          if (gap > prevGap) ++m.retryGapIncreases;
        }
        prevGap = gap;
      }
      prevAttempt = e->at;
      failedSince = false;
    }
  }
  // Malformed sessions: the plan's "Backend error 400 -> no retry, logged to dead letter".
  const auto& t = truth.sessions();
  std::vector<std::uint8_t> inDlq(t.size(), 0);
  for (const auto& f : storage.state().failedSyncItems)
    if (f.item.localId < inDlq.size()) inDlq[f.item.localId] = 1;
  for (std::size_t id = 0; id < t.size(); ++id)
    if (t[id].exists && t[id].malformed && t[id].closedAt >= 0) {
      ++m.malformedSessions;
      m.malformedInDeadLetter += inDlq[id];
    }
  for (const auto& e : metrics.retry_ledger())
    if (e.kind == RetryEvent::Attempt && e.id < t.size() && t[e.id].malformed) ++m.malformedAttempts;
}

void World::summarise_storage(RunMetrics& m) const {
  if (m.samples.empty()) return;
  const Sample* last = &m.samples.front();
  for (const auto& s : m.samples)
    if (s.at <= params.durationMs) last = &s;
  m.storageGrowthBytes = static_cast<double>(last->storageBytes - m.samples.front().storageBytes);
}

RunResult World::run() {
  start();
  sched.run_until(params.durationMs);
  heal();
  sched.run_until(params.durationMs + params.drainMs);
  return finish();
}

RunResult run_world(const WorldParams& params, const core::StrategyConfig& strategy, bool keepTrace) {
  World w(params, strategy, keepTrace);
  return w.run();
}

}  // namespace syncsim::sim
