#include "sim/world/browser.hpp"

#include "core/plan/visibility_tracker.hpp"
#include "sim/world/alarms.hpp"
#include "sim/world/ground_truth.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/network.hpp"
#include "sim/world/page_ports.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::sim {

namespace {
enum BeaconDetail : std::uint16_t { kBeaconSent, kBeaconRefused, kBeaconWrongOrigin };

// The content script's pagehide listener, with its ports living as long as the page.
Task<void> run_pagehide(Browser& b, const core::StrategyConfig& strategy, std::uint32_t tab) {
  PagePortsImpl ports(b, tab);
  co_await core::plan::onPagehide(ports, strategy);
}
}  // namespace

Browser::Browser(Scheduler& sched, Trace& trace, Metrics& metrics, GroundTruth& truth, Network& network, Alarms& alarms,
                 ServiceWorker& worker, const core::StrategyConfig& strategy, const BrowserParams& p,
                 Time activityIntervalMs, Rng removedRng)
    : sched_(sched),
      trace_(trace),
      metrics_(metrics),
      truth_(truth),
      network_(network),
      alarms_(alarms),
      worker_(worker),
      strategy_(strategy),
      p_(p),
      activityIntervalMs_(activityIntervalMs),
      removedRng_(removedRng) {}

// Runtime messages from a page to the worker, delivered messageLatencyMs after they were sent.
void Browser::on_start_session_message(void* self, std::uint64_t tab) {
  auto& b = *static_cast<Browser*>(self);
  if (!b.tab_open(static_cast<std::uint32_t>(tab))) return;
  const Tab& t = b.tab(static_cast<std::uint32_t>(tab));
  b.worker_.dispatch(WorkerEvent{WorkerEventKind::StartSession, static_cast<std::uint32_t>(tab), t.repo, t.pr, 0});
}

void Browser::on_tab_removed_message(void* self, std::uint64_t tab) {
  auto& b = *static_cast<Browser*>(self);
  b.worker_.dispatch(WorkerEvent{WorkerEventKind::TabRemoved, static_cast<std::uint32_t>(tab), 0, 0, 0});
}

void Browser::on_payload_request(void* self, std::uint64_t replyKey) {
  auto& b = *static_cast<Browser*>(self);
  b.worker_.dispatch(WorkerEvent{WorkerEventKind::GetBeaconPayload, 0, 0, 0, replyKey});
}

void Browser::open_tab(std::uint32_t tab, std::uint32_t repo, std::int32_t pr) {
  if (tabs_.size() <= tab) {
    tabs_.resize(tab + 1);
    activityGen_.resize(tab + 1, 0);
  }
  Tab& t = tabs_[tab];
  t.open = true;
  t.repo = repo;
  t.pr = pr;
  t.pings = 0;
  t.pageCtx = sched_.create_context();
  ++openTabs_;
  const Time now = sched_.now();
  t.openedAt = now;
  truth_.on_open(tab, now, repo, pr);
  trace_.emit(now, TraceKind::TabOpen, 0, tab);
  // The content script announces the session, then pings activity every interval.
  sched_.after(p_.messageLatencyMs, &Browser::on_start_session_message, this, tab);
  sched_.after(activityIntervalMs_, &Browser::on_activity, this, (std::uint64_t{++activityGen_[tab]} << 32) | tab);
}

void Browser::on_activity(void* self, std::uint64_t key) {
  auto& b = *static_cast<Browser*>(self);
  const auto tab = static_cast<std::uint32_t>(key);
  if (!b.tabs_[tab].open || b.activityGen_[tab] != static_cast<std::uint32_t>(key >> 32)) return;
  // The ping names its review (repo, pr), as START_SESSION does: hardened starts a review from a
  // ping when the START_SESSION was lost; the plan's handlers ignore it.
  // A sleeping device runs no page timer, so a tick then sends nothing and counts nothing.
  Tab& t = b.tabs_[tab];
  if (b.available()) b.worker_.dispatch(WorkerEvent{WorkerEventKind::Activity, tab, t.repo, t.pr, 0, ++t.pings});
  b.sched_.after(b.activityIntervalMs_, &Browser::on_activity, &b, key);
}

// PAGE_HIDE (StrategyConfig::pageHideMessage): the page says its review is over, and what it was.
void Browser::on_page_hide_message(void* self, std::uint64_t tab) {
  auto& b = *static_cast<Browser*>(self);
  const Tab& t = b.tabs_[tab];
  if (b.available())
    b.worker_.dispatch(WorkerEvent{WorkerEventKind::PageHide, static_cast<std::uint32_t>(tab), t.repo, t.pr, 0, t.pings, t.openedAt});
}

void Browser::end_tab(std::uint32_t tab, TabEnd how) {
  Tab& t = tabs_[tab];
  t.open = false;
  --openTabs_;
  ++activityGen_[tab];
  const Time now = sched_.now();
  truth_.on_close(tab, now, how == TabEnd::UserClose);
  trace_.emit(now, TraceKind::TabClose, static_cast<std::uint16_t>(how), tab);
  if (how == TabEnd::BrowserKill) {
    sched_.kill(t.pageCtx);  // the browser was killed: no pagehide, no onRemoved
    return;
  }
  trace_.emit(now, TraceKind::PageHide, 0, tab);
  if (strategy_.beaconOnPagehide) sched_.spawn(t.pageCtx, run_pagehide(*this, strategy_, tab));
  if (strategy_.pageHideMessage) sched_.after(p_.messageLatencyMs, &Browser::on_page_hide_message, this, tab);
  sched_.after(p_.pageTeardownMs, &Browser::on_teardown, this, tab);
  // A closing window dispatches onRemoved at once (the browser exits quitGraceMs later); a
  // user's close after the tab's own teardown began.
  const Time removedAfter = how == TabEnd::BrowserQuit ? p_.messageLatencyMs
                                                    : removedRng_.between(p_.tabRemovedDelayMinMs, p_.tabRemovedDelayMaxMs);
  sched_.after(removedAfter, &Browser::on_tab_removed_message, this, tab);
}

void Browser::close_tab(std::uint32_t tab) {
  if (!tab_open(tab)) return;
  end_tab(tab, TabEnd::UserClose);
}

void Browser::on_teardown(void* self, std::uint64_t tab) {
  auto& b = *static_cast<Browser*>(self);
  b.sched_.kill(b.tabs_[tab].pageCtx);
  for (auto& r : b.replies_) {
    if (r.busy && r.tab == tab) {
      r.busy = false;
      ++r.gen;
      r.payload.clear();
    }
  }
}

void Browser::ReplyAwaiter::await_suspend(std::coroutine_handle<> h) {
  std::size_t i = 0;
  while (i < b->replies_.size() && b->replies_[i].busy) ++i;
  if (i == b->replies_.size()) b->replies_.emplace_back();
  Reply& r = b->replies_[i];
  r.busy = true;
  ++r.gen;
  r.h = h;
  r.ctx = b->sched_.current();
  r.out = &result;
  r.tab = tab;
  const std::uint64_t key = (std::uint64_t{r.gen} << 32) | i;
  b->sched_.after(b->p_.messageLatencyMs, &Browser::on_payload_request, b, key);
}

void Browser::reply_beacon_payload(std::uint64_t key, std::vector<core::PendingSession> payload) {
  const auto i = static_cast<std::uint32_t>(key);
  if (i >= replies_.size() || !replies_[i].busy || replies_[i].gen != static_cast<std::uint32_t>(key >> 32)) {
    trace_.emit(sched_.now(), TraceKind::MessageLost, 0, 0);
    return;
  }
  replies_[i].payload = std::move(payload);
  sched_.after(p_.messageLatencyMs, &Browser::on_deliver_reply, this, key);
}

void Browser::on_deliver_reply(void* self, std::uint64_t key) {
  auto& b = *static_cast<Browser*>(self);
  const auto i = static_cast<std::uint32_t>(key);
  Reply& r = b.replies_[i];
  if (!r.busy || r.gen != static_cast<std::uint32_t>(key >> 32) || !b.sched_.alive(r.ctx)) {
    b.trace_.emit(b.sched_.now(), TraceKind::MessageLost, 0, r.tab);
    return;
  }
  r.busy = false;
  ++r.gen;
  *r.out = std::move(r.payload);
  r.payload = {};
  b.sched_.resume_now(r.h, r.ctx);
}

bool Browser::send_beacon(std::uint32_t tab, core::HttpRequest req, std::size_t bytes) {
  const Time now = sched_.now();
  if (static_cast<std::int64_t>(bytes) > p_.beaconLimitBytes) {
    trace_.emit(now, TraceKind::Beacon, kBeaconRefused, tab, static_cast<std::int64_t>(bytes));
    metrics_.on_beacon(false);
    return false;
  }
  if (!req.absoluteUrl) {
    // '/api/sync/sessions' resolves against the page's origin (the code-review site), not
    // the backend: the browser sends it, and the backend never sees it.
    trace_.emit(now, TraceKind::Beacon, kBeaconWrongOrigin, tab, static_cast<std::int64_t>(bytes));
    metrics_.on_beacon(false);
    return true;
  }
  trace_.emit(now, TraceKind::Beacon, kBeaconSent, tab, static_cast<std::int64_t>(bytes));
  metrics_.on_beacon(true);
  network_.send_detached(std::move(req));
  return true;
}

void Browser::set_online(bool online) {
  const bool was = !network_.offline();
  network_.set_offline(!online);
  // The 'online' event reaches a running worker only; it does not wake a stopped one.
  if (online && !was && worker_.running()) worker_.dispatch(WorkerEvent{WorkerEventKind::Online});
}

void Browser::sleep(Time duration) {
  if (!available()) return;
  sleeping_ = true;
  truth_.on_sleep(sched_.now());
  availableAt_ = sched_.now() + duration;
  worker_.kill(StopReason::DeviceSleep);
  sched_.at(availableAt_, &Browser::on_wake, this, ++outageGen_);
}

void Browser::on_wake(void* self, std::uint64_t gen) {
  auto& b = *static_cast<Browser*>(self);
  if (!b.sleeping_ || gen != b.outageGen_) return;
  b.sleeping_ = false;
  b.truth_.on_wake(b.sched_.now());
  b.alarms_.on_wake();
}

void Browser::shutdown(Time downFor, bool alarmsLost) {
  if (!available()) return;
  down_ = true;
  alarmsLostOnRestart_ = alarmsLost;
  availableAt_ = sched_.now() + downFor;
  for (std::uint32_t t = 0; t < tabs_.size(); ++t)
    if (tabs_[t].open) end_tab(t, TabEnd::BrowserKill);
  worker_.kill(StopReason::BrowserShutdown);
  sched_.at(availableAt_, &Browser::on_restart, this, ++outageGen_);
}

// A graceful close (as Chrome's Browser.close, measured in docs/conformance.md): a running
// worker gets tabs.onRemoved (isWindowClosing) for each open tab, a stopped one is not woken;
// the browser exits a few milliseconds later.
void Browser::quit(Time downFor) {
  if (!available()) return;
  const TabEnd how = worker_.running() ? TabEnd::BrowserQuit : TabEnd::BrowserKill;
  for (std::uint32_t t = 0; t < tabs_.size(); ++t)
    if (tabs_[t].open) end_tab(t, how);
  quitDownFor_ = downFor;
  sched_.after(p_.quitGraceMs, &Browser::on_quit_exit, this, ++outageGen_);
}

void Browser::on_quit_exit(void* self, std::uint64_t gen) {
  auto& b = *static_cast<Browser*>(self);
  if (gen != b.outageGen_) return;  // the device slept meanwhile: that outage wins
  b.shutdown(b.quitDownFor_, false);
}

void Browser::on_restart(void* self, std::uint64_t gen) {
  auto& b = *static_cast<Browser*>(self);
  if (!b.down_ || gen != b.outageGen_) return;
  b.down_ = false;
  if (b.alarmsLostOnRestart_) {
    b.alarms_.clear_all();
    b.worker_.on_alarms_lost();
  }
  b.alarms_.on_wake();
  b.worker_.dispatch(WorkerEvent{WorkerEventKind::Startup});
}

void Browser::relaunch() {
  shutdown(0, false);
}

void Browser::heal() {
  if (sleeping_) on_wake(this, outageGen_);
  if (down_) on_restart(this, outageGen_);
}

}  // namespace syncsim::sim
