#include "browser.hpp"

#include "core/plan/visibility_tracker.hpp"
#include "page_ports.hpp"
#include "world.hpp"

namespace syncsim::sim {

namespace {
enum BeaconDetail : std::uint16_t { kBeaconSent, kBeaconRefused, kBeaconWrongOrigin };

// The content script's pagehide listener, with its ports living as long as the page.
Task<void> run_pagehide(World& w, std::uint32_t tab) {
  PagePortsImpl ports(w, tab);
  co_await core::plan::onPagehide(ports, w.strategy);
}

struct MessageEvent {
  static void start_session(void* self, std::uint64_t tab) {
    auto& w = *static_cast<World*>(self);
    if (!w.browser.tab_open(static_cast<std::uint32_t>(tab))) return;
    const Tab& t = w.browser.tab(static_cast<std::uint32_t>(tab));
    w.worker.dispatch(WorkerEvent{WorkerEventKind::StartSession, static_cast<std::uint32_t>(tab), t.repo, t.pr, 0});
  }
  static void tab_removed(void* self, std::uint64_t tab) {
    auto& w = *static_cast<World*>(self);
    w.worker.dispatch(WorkerEvent{WorkerEventKind::TabRemoved, static_cast<std::uint32_t>(tab), 0, 0, 0});
  }
  static void get_payload(void* self, std::uint64_t key) {
    auto& w = *static_cast<World*>(self);
    w.worker.dispatch(WorkerEvent{WorkerEventKind::GetBeaconPayload, 0, 0, 0, key});
  }
};
}  // namespace

Browser::Browser(World& w, const BrowserParams& p) : w_(w), p_(p) {}

void Browser::open_tab(std::uint32_t tab, std::uint32_t repo, std::int32_t pr) {
  if (tabs_.size() <= tab) {
    tabs_.resize(tab + 1);
    activityGen_.resize(tab + 1, 0);
  }
  Tab& t = tabs_[tab];
  t.open = true;
  t.repo = repo;
  t.pr = pr;
  t.pageCtx = w_.sched.create_context();
  ++openTabs_;
  const Time now = w_.sched.now();
  w_.truth.on_open(tab, now);
  w_.trace.emit(now, TraceKind::TabOpen, 0, tab);
  // The content script announces the session, then pings activity every interval.
  w_.sched.after(p_.messageLatencyMs, &MessageEvent::start_session, &w_, tab);
  w_.sched.after(w_.params.user.activityIntervalMs, &Browser::on_activity, this,
                 (std::uint64_t{++activityGen_[tab]} << 32) | tab);
}

void Browser::on_activity(void* self, std::uint64_t key) {
  auto& b = *static_cast<Browser*>(self);
  const auto tab = static_cast<std::uint32_t>(key);
  if (!b.tabs_[tab].open || b.activityGen_[tab] != static_cast<std::uint32_t>(key >> 32)) return;
  if (b.available()) b.w_.worker.dispatch(WorkerEvent{WorkerEventKind::Activity, tab, 0, 0, 0});
  b.w_.sched.after(b.w_.params.user.activityIntervalMs, &Browser::on_activity, &b, key);
}

void Browser::end_tab(std::uint32_t tab, bool userClosed) {
  Tab& t = tabs_[tab];
  t.open = false;
  --openTabs_;
  ++activityGen_[tab];
  const Time now = w_.sched.now();
  w_.truth.on_close(tab, now, userClosed);
  w_.trace.emit(now, TraceKind::TabClose, userClosed ? 0 : 1, tab);
  if (!userClosed) {
    w_.sched.kill(t.pageCtx);  // the browser is closing: no pagehide, no onRemoved
    return;
  }
  w_.trace.emit(now, TraceKind::PageHide, 0, tab);
  if (w_.strategy.beaconOnPagehide) w_.sched.spawn(t.pageCtx, run_pagehide(w_, tab));
  w_.sched.after(p_.pageTeardownMs, &Browser::on_teardown, this, tab);
  w_.sched.after(p_.messageLatencyMs, &MessageEvent::tab_removed, &w_, tab);
}

void Browser::close_tab(std::uint32_t tab) {
  if (!tab_open(tab)) return;
  end_tab(tab, true);
}

void Browser::on_teardown(void* self, std::uint64_t tab) {
  auto& b = *static_cast<Browser*>(self);
  b.w_.sched.kill(b.tabs_[tab].pageCtx);
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
  r.ctx = b->w_.sched.current();
  r.out = &result;
  r.tab = tab;
  const std::uint64_t key = (std::uint64_t{r.gen} << 32) | i;
  b->w_.sched.after(b->p_.messageLatencyMs, &MessageEvent::get_payload, &b->w_, key);
}

void Browser::reply_beacon_payload(std::uint64_t key, std::vector<core::PendingSession> payload) {
  const auto i = static_cast<std::uint32_t>(key);
  if (i >= replies_.size() || !replies_[i].busy || replies_[i].gen != static_cast<std::uint32_t>(key >> 32)) {
    w_.trace.emit(w_.sched.now(), TraceKind::MessageLost, 0, 0);
    return;
  }
  replies_[i].payload = std::move(payload);
  w_.sched.after(p_.messageLatencyMs, &Browser::on_deliver_reply, this, key);
}

void Browser::on_deliver_reply(void* self, std::uint64_t key) {
  auto& b = *static_cast<Browser*>(self);
  const auto i = static_cast<std::uint32_t>(key);
  Reply& r = b.replies_[i];
  if (!r.busy || r.gen != static_cast<std::uint32_t>(key >> 32) || !b.w_.sched.alive(r.ctx)) {
    b.w_.trace.emit(b.w_.sched.now(), TraceKind::MessageLost, 0, r.tab);
    return;
  }
  r.busy = false;
  ++r.gen;
  *r.out = std::move(r.payload);
  r.payload = {};
  b.w_.sched.resume_now(r.h, r.ctx);
}

bool Browser::send_beacon(std::uint32_t tab, core::HttpRequest req, std::size_t bytes) {
  const Time now = w_.sched.now();
  if (static_cast<std::int64_t>(bytes) > p_.beaconLimitBytes) {
    w_.trace.emit(now, TraceKind::Beacon, kBeaconRefused, tab, static_cast<std::int64_t>(bytes));
    w_.metrics.on_beacon(false);
    return false;
  }
  if (!req.absoluteUrl) {
    // '/api/sync/sessions' resolves against the page's origin (the code-review site), not
    // the backend: the browser sends it, and the backend never sees it.
    w_.trace.emit(now, TraceKind::Beacon, kBeaconWrongOrigin, tab, static_cast<std::int64_t>(bytes));
    w_.metrics.on_beacon(false);
    return true;
  }
  w_.trace.emit(now, TraceKind::Beacon, kBeaconSent, tab, static_cast<std::int64_t>(bytes));
  w_.metrics.on_beacon(true);
  w_.network.send_detached(std::move(req));
  return true;
}

void Browser::set_online(bool online) {
  const bool was = !w_.network.offline();
  w_.network.set_offline(!online);
  // The 'online' event reaches a running worker only; it does not wake a stopped one.
  if (online && !was && w_.worker.running()) w_.worker.dispatch(WorkerEvent{WorkerEventKind::Online});
}

void Browser::sleep(Time duration) {
  if (!available()) return;
  sleeping_ = true;
  availableAt_ = w_.sched.now() + duration;
  w_.worker.kill(StopReason::DeviceSleep);
  w_.sched.at(availableAt_, &Browser::on_wake, this, ++outageGen_);
}

void Browser::on_wake(void* self, std::uint64_t gen) {
  auto& b = *static_cast<Browser*>(self);
  if (!b.sleeping_ || gen != b.outageGen_) return;
  b.sleeping_ = false;
  b.w_.alarms.on_wake();
}

void Browser::shutdown(Time downFor, bool alarmsLost) {
  if (!available()) return;
  down_ = true;
  alarmsLostOnRestart_ = alarmsLost;
  availableAt_ = w_.sched.now() + downFor;
  for (std::uint32_t t = 0; t < tabs_.size(); ++t)
    if (tabs_[t].open) end_tab(t, false);
  w_.worker.kill(StopReason::BrowserShutdown);
  w_.sched.at(availableAt_, &Browser::on_restart, this, ++outageGen_);
}

void Browser::on_restart(void* self, std::uint64_t gen) {
  auto& b = *static_cast<Browser*>(self);
  if (!b.down_ || gen != b.outageGen_) return;
  b.down_ = false;
  if (b.alarmsLostOnRestart_) b.w_.alarms.clear_all();
  b.w_.alarms.on_wake();
  b.w_.worker.dispatch(WorkerEvent{WorkerEventKind::Startup});
}

void Browser::heal() {
  if (sleeping_) on_wake(this, outageGen_);
  if (down_) on_restart(this, outageGen_);
}

}  // namespace syncsim::sim
