// The simulated world, one behaviour per test (the knobs and their defaults: sim/world/params.hpp).
#include <catch2/catch.hpp>

#include "long_worlds.hpp"

#include <algorithm>

#include "fake_run.hpp"
#include "sim/check/run_world.hpp"
#include "sim/check/server_rows.hpp"
#include "sim/check/timely_completion.hpp"
#include "sim/world/drain.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
core::StrategyConfig strategy(const char* n) { return *core::strategy_by_name(n); }

WorldParams quiet(Time duration = kHour) {
  WorldParams p;
  p.durationMs = duration;
  p.user.sessionsPerDay = 0;  // no user unless a test adds one
  return p;
}

std::vector<TraceRecord> records_of(const World& w, TraceKind k) {
  std::vector<TraceRecord> out;
  for (const auto& r : w.trace.records())
    if (r.kind == k) out.push_back(r);
  return out;
}

core::HttpRequest start_request(std::uint32_t localId) {
  core::HttpRequest r;
  r.endpoint = core::Endpoint::StartSession;
  r.localId = localId;
  r.repo = 1;
  r.prNumber = 7;
  r.tokenGen = 1;
  r.tokenExpiresAt = INT64_MAX / 4;
  return r;
}

struct Fetched {
  core::HttpResponse resp;
  Time at = -1;  // when the answer came
};
Task<void> do_fetch(World& w, core::HttpRequest req, Time timeout, Fetched& out) {
  out.resp = co_await w.network.fetch(std::move(req), timeout, false);
  out.at = w.sched.now();
}
// One start request from a context of its own; the world runs a minute.
Fetched fetch_once(World& w, Time timeout = 0) {
  Fetched f;
  f.resp.status = 999;
  const auto ctx = w.sched.create_context();
  w.sched.spawn(ctx, do_fetch(w, start_request(4), timeout, f));
  w.sched.run_until(w.sched.now() + kMinute);
  return f;
}
}  // namespace

TEST_CASE("the worker is terminated 30 s after its last event or API call, not before", "[world][worker]") {
  World w(quiet(), strategy("approach2"));
  w.start();
  // Step until the worker has started, then watch it until it stops.
  while (!w.worker.running()) REQUIRE(w.sched.step());
  Time last = w.worker.last_activity();
  while (w.worker.running()) {
    last = w.worker.last_activity();
    REQUIRE(w.sched.step());
    if (w.worker.running()) CHECK(w.sched.now() - w.worker.last_activity() < 30 * kSecond);
  }
  CHECK(w.sched.now() == last + 30 * kSecond);
}

TEST_CASE("activity messages every 10 s keep the worker alive through a review", "[world][worker]") {
  WorldParams p = quiet();
  World w(p, strategy("approach2"), true);
  w.start();
  w.sched.run_until(kMinute);
  w.browser.open_tab(1, 3, 42);
  const Time opened = w.sched.now();
  w.sched.run_until(opened + 8 * kMinute);
  CHECK(w.worker.running());  // still the same incarnation after 8 minutes of pings
  for (const auto& r : records_of(w, TraceKind::WorkerStop)) {
    const bool duringReview = r.at > opened + kSecond && r.at < opened + 8 * kMinute;
    CHECK_FALSE(duringReview);
  }
  // Without the pings (the tab closed), the worker goes idle within the timeout.
  w.browser.close_tab(1);
  w.sched.run_until(w.sched.now() + 2 * kMinute);
  CHECK_FALSE(w.worker.running());
}

TEST_CASE("an alarm never fires early and a missed one fires once on wake", "[world][alarms]") {
  WorldParams p = quiet(2 * kHour);
  Fault sleep;
  sleep.kind = FaultKind::DeviceSleep;
  sleep.at = 10 * kMinute;
  sleep.duration = 20 * kMinute;
  p.faults.push_back(sleep);
  World w(p, strategy("approach2"), true);
  w.start();
  w.sched.run_until(kHour);
  const auto fires = records_of(w, TraceKind::AlarmFire);
  REQUIRE(fires.size() > 20);
  const Time wake = 30 * kMinute;
  int duringSleep = 0, atWake = 0;
  for (const auto& f : fires) {
    CHECK(f.at >= f.b);  // never before its scheduled time
    if (f.at > 10 * kMinute && f.at < wake) ++duringSleep;
    if (f.at == wake) ++atWake;
  }
  CHECK(duringSleep == 0);
  CHECK(atWake == 1);  // 19 missed periods fire once
  // ... and the next one is a period after the wake, not sooner.
  for (const auto& f : fires)
    if (f.at > wake) {
      CHECK(f.at >= wake + 60 * kSecond);
      break;
    }
}

TEST_CASE("the alarm period is raised to the 30 s minimum", "[world][alarms]") {
  World w(quiet(), strategy("approach2"));
  w.start();
  w.sched.run_until(kSecond);
  w.alarms.create(core::AlarmName::Sync, 1000, 5000);
  CHECK(w.alarms.period() == 30 * kSecond);
  CHECK(w.alarms.scheduled_at() == w.sched.now() + 30 * kSecond);
}

namespace {
Task<void> writer(World& w, std::vector<core::PendingSession> v) {
  const Time at = w.storage.next_completion();
  w.storage.write(StorageKey::PendingSessions, std::move(v), at);
  co_await w.sched.sleep_until(at);
}

std::size_t pending_after_kill(bool loseOnKill) {
  WorldParams p = quiet();
  p.browser.loseInflightSetOnKill = loseOnKill;
  World w(p, strategy("approach2"));
  const auto ctx = w.sched.create_context();
  w.sched.spawn(ctx, writer(w, std::vector<core::PendingSession>(3)));
  w.sched.step();  // the set is issued; it completes 1-5 ms later
  w.sched.kill(ctx);
  w.sched.run_until(kSecond);
  return w.storage.state().pendingSessions.size();
}
}  // namespace

TEST_CASE("a storage.set in flight when the worker dies is kept by default, lost with the fault on",
          "[world][storage]") {
  CHECK(pending_after_kill(false) == 3);
  CHECK(pending_after_kill(true) == 0);
}

TEST_CASE("storage operations complete in the order they were issued", "[world][storage]") {
  World w(quiet(), strategy("approach2"));
  Time last = 0;
  for (int i = 0; i < 1000; ++i) {
    const Time t = w.storage.next_completion();
    CHECK(t >= last);
    CHECK(t >= w.sched.now() + 1);
    last = t;
  }
}

TEST_CASE("a response lost after the server acted: server changed, client sees an error, outcome unknown",
          "[world][network]") {
  WorldParams p = quiet();
  p.network.responseLoss = 1.0;
  World w(p, strategy("approach2"));
  const Fetched f = fetch_once(w);
  CHECK(f.resp.status == core::kNetworkError);
  REQUIRE(w.backend.sessions().size() == 1);
  CHECK(w.backend.sessions()[0].owner == 4);
  CHECK(w.network.counters().unknown == 1);
}

TEST_CASE("offline: fetch fails at once and the server never hears of it", "[world][network]") {
  World w(quiet(), strategy("approach2"));
  w.browser.set_online(false);
  const Fetched f = fetch_once(w);
  CHECK(f.resp.status == core::kNetworkError);
  CHECK(f.at == 0);
  CHECK(w.backend.sessions().empty());
  CHECK(w.network.counters().fail == 1);
}

TEST_CASE("a captive portal blackholes requests and the client's own timeout ends the wait", "[world][network]") {
  World w(quiet(), strategy("approach2"));
  w.network.set_captive(true);
  const Fetched f = fetch_once(w, 5000);
  CHECK(f.resp.status == core::kClientTimeout);
  CHECK(f.at == 5000);
  CHECK(w.backend.sessions().empty());
  CHECK(w.network.in_flight() == 0);
}

namespace {
WorldParams long_captive_portal() {
  WorldParams p = quiet(2 * kHour);
  p.user.sessionsPerDay = 400;  // sessions during a long captive portal
  p.user.workStartHour = 0;
  p.user.workEndHour = 2;
  Fault captive;
  captive.kind = FaultKind::CaptivePortal;
  captive.at = 0;
  captive.duration = 2 * kHour;
  p.faults.push_back(captive);
  return p;
}
}  // namespace

// Measured (docs/conformance.md): Chromium let a 45 s fetch complete, so by default no fetch
// limit applies; a fetch does not reset the idle timer, so a hung one ends with the worker.
TEST_CASE("by default a hung fetch ends only when the worker idles out", "[world][worker]") {
  const WorldParams p = long_captive_portal();
  REQUIRE(p.browser.fetchResponseLimitMs == 0);
  const RunResult r = run_world(p, strategy("approach2"));
  CHECK(r.metrics.workerStops[static_cast<int>(StopReason::FetchTimeout)] == 0);
  CHECK(r.metrics.workerStops[static_cast<int>(StopReason::Idle)] > 10);
}

TEST_CASE("with fetch_response_limit set, a worker whose fetch response takes longer is terminated", "[world][worker]") {
  WorldParams p = long_captive_portal();
  p.browser.fetchResponseLimitMs = 30 * kSecond;
  const RunResult r = run_world(p, strategy("approach2"));
  CHECK(r.metrics.workerStops[static_cast<int>(StopReason::FetchTimeout)] > 0);
  // hardened aborts its own fetches after 10 s, so Chrome never has to.
  const RunResult h = run_world(p, strategy("hardened"));
  CHECK(h.metrics.workerStops[static_cast<int>(StopReason::FetchTimeout)] == 0);
}

TEST_CASE("one event running over the hard limit terminates the worker", "[world][worker]") {
  WorldParams p = quiet(4 * kHour);
  p.user.sessionsPerDay = 200;
  p.user.workStartHour = 0;
  p.user.workEndHour = 4;
  p.browser.hardLimitMs = 100;  // shorter than one endSession with its immediate sync
  const RunResult r = run_world(p, strategy("approach2"));
  CHECK(r.metrics.workerStops[static_cast<int>(StopReason::HardLimit)] > 0);
}

TEST_CASE("backend: a revoked token gets 401, a refreshed one is accepted", "[world][backend]") {
  Backend b(BackendParams{}, Rng(1));
  CHECK(b.handle(start_request(1), 0).status == 201);
  b.revoke_tokens();
  CHECK(b.handle(start_request(2), 10).status == 401);
  core::HttpRequest refresh;
  refresh.endpoint = core::Endpoint::RefreshToken;
  refresh.tokenGen = 1;
  const core::HttpResponse fresh = b.handle(refresh, 20);
  REQUIRE(fresh.status == 200);
  core::HttpRequest again = start_request(3);
  again.tokenGen = fresh.tokenGen;
  CHECK(b.handle(again, 30).status == 201);
}

TEST_CASE("backend: tokens past their lifetime get 401", "[world][backend]") {
  BackendParams bp;
  bp.tokenLifetimeMs = kHour;
  Backend b(bp, Rng(1));
  core::HttpRequest r = start_request(1);
  r.tokenExpiresAt = b.initial_auth(0).expiresAt;
  CHECK(b.handle(r, kHour - 1).status == 201);
  CHECK(b.handle(r, kHour).status == 401);
}

TEST_CASE("backend: rate limit answers 429 with Retry-After, error windows answer their status",
          "[world][backend]") {
  Backend b(BackendParams{}, Rng(1));
  b.set_rate_limit_window(1000, 45000);
  const auto r = b.handle(start_request(1), 10);
  CHECK(r.status == 429);
  CHECK(r.retryAfterMs == 45000);
  CHECK(b.handle(start_request(1), 1000).status == 201);
  b.set_error_window(3000, 503);
  CHECK(b.handle(start_request(2), 2000).status == 503);
}

TEST_CASE("backend: idempotency modes", "[world][backend]") {
  auto run = [](IdempotencyMode mode, bool key) {
    BackendParams bp;
    bp.idempotency = mode;
    Backend b(bp, Rng(1));
    core::HttpRequest s = start_request(9);
    s.idempotencyKey = key;
    const auto id1 = b.handle(s, 0).sessionId;
    const auto id2 = b.handle(s, 1).sessionId;
    core::HttpRequest e;
    e.endpoint = core::Endpoint::EndSession;
    e.sessionId = id1;
    e.tokenGen = 1;
    e.tokenExpiresAt = INT64_MAX / 4;
    const int end1 = b.handle(e, 2).status;
    const int end2 = b.handle(e, 3).status;
    return std::tuple{b.sessions().size(), id1 == id2, end1, end2};
  };
  CHECK(run(IdempotencyMode::None, true) == std::tuple{std::size_t{2}, false, 200, 409});
  CHECK(run(IdempotencyMode::EndIdempotent, true) == std::tuple{std::size_t{2}, false, 200, 200});
  CHECK(run(IdempotencyMode::Key, true) == std::tuple{std::size_t{1}, true, 200, 200});
  CHECK(run(IdempotencyMode::Key, false) == std::tuple{std::size_t{2}, false, 200, 200});
  // malformed input
  Backend b(BackendParams{}, Rng(1));
  core::HttpRequest bad = start_request(1);
  bad.prNumber = 0;
  CHECK(b.handle(bad, 0).status == 400);
}

TEST_CASE("approach1's relative beacon URL goes to the page's origin: the backend never sees one",
          "[world][beacon]") {
  WorldParams p;
  p.seed = 3;
  p.faults.push_back(Fault{FaultKind::Offline, 11 * kHour, 2 * kHour});
  const RunResult r = run_world(p, strategy("approach1"));
  CHECK(r.metrics.beaconsWasted > 0);
  CHECK(r.metrics.beaconsSent == 0);
  CHECK(r.metrics.requests[static_cast<int>(core::Endpoint::Beacon)] == 0);
}

TEST_CASE("a reply to the page that arrives after teardown is lost", "[world][page]") {
  WorldParams p = quiet();
  p.browser.pageTeardownMs = 1;  // shorter than the message round trip
  auto s = strategy("approach1");
  World w(p, s, true);
  w.start();
  w.sched.run_until(kMinute);
  w.browser.open_tab(1, 3, 42);
  w.sched.run_until(3 * kMinute);
  w.browser.close_tab(1);
  w.sched.run_until(4 * kMinute);
  CHECK(records_of(w, TraceKind::MessageLost).size() == 1);
  CHECK(records_of(w, TraceKind::Beacon).empty());
}

TEST_CASE("browser restart: tabs end without onRemoved, the worker gets onStartup, lost alarms are re-created",
          "[world][browser]") {
  WorldParams p = quiet(2 * kHour);
  World w(p, strategy("approach2"), true);
  w.start();
  w.sched.run_until(kMinute);
  w.browser.open_tab(1, 3, 42);
  w.sched.run_until(5 * kMinute);
  w.browser.shutdown(10 * kMinute, true);
  CHECK_FALSE(w.browser.tab_open(1));
  CHECK(w.worker.stopped());
  CHECK(w.truth.sessions()[1].closedAt == 5 * kMinute);
  CHECK_FALSE(w.truth.sessions()[1].userClosed);
  w.sched.run_until(15 * kMinute);
  CHECK_FALSE(w.alarms.exists());  // frozen until restart
  w.sched.run_until(16 * kMinute);
  CHECK(w.alarms.exists());  // onStartup -> registerSyncAlarm
  int startups = 0;
  for (const auto& r : records_of(w, TraceKind::HandlerStart))
    startups += r.detail == static_cast<std::uint16_t>(WorkerEventKind::Startup) ? 1 : 0;
  CHECK(startups == 1);
}

TEST_CASE("graceful browser quit: every open tab gets pagehide and onRemoved, then the worker stops", "[world][browser]") {
  WorldParams p = quiet(2 * kHour);
  World w(p, strategy("approach2"), true);
  w.start();
  w.sched.run_until(kMinute);
  w.browser.open_tab(1, 3, 42);
  w.browser.open_tab(2, 3, 43);
  w.sched.run_until(5 * kMinute);
  w.browser.quit(10 * kMinute);
  CHECK_FALSE(w.browser.tab_open(1));
  CHECK_FALSE(w.browser.tab_open(2));
  int removed = 0;
  w.sched.run_until(5 * kMinute + p.browser.quitGraceMs - 1);
  for (const auto& r : records_of(w, TraceKind::HandlerStart))
    removed += r.detail == static_cast<std::uint16_t>(WorkerEventKind::TabRemoved) ? 1 : 0;
  CHECK(removed == 2);           // unlike a kill (browser_restart), the listeners hear the close
  CHECK(w.worker.running());     // and have the grace period to act on it
  w.sched.run_until(5 * kMinute + p.browser.quitGraceMs);
  CHECK(w.worker.stopped());
  CHECK_FALSE(w.browser.available());
  w.sched.run_until(16 * kMinute);
  CHECK(w.browser.available());  // relaunched
}

TEST_CASE("the user's day: about 40 reviews of 1-20 min inside working hours", "[world][user]") {
  UserParams up;
  double total = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Rng rng(seed);
    const auto plan = plan_sessions(up, kDay, rng);
    total += static_cast<double>(plan.size());
    for (const auto& s : plan) {
      CHECK(s.openAt >= 9 * kHour);
      CHECK(s.openAt < 18 * kHour);
      CHECK(s.closeAt - s.openAt >= kMinute);
      CHECK(s.closeAt - s.openAt <= 20 * kMinute);
    }
  }
  CHECK(total / 50 > 32);
  CHECK(total / 50 < 48);
}

TEST_CASE("approach2 runs a simulated day with every fault kind enabled", "[world]") {
  WorldParams p;
  p.seed = 11;
  for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) p.faultRates.perHour[k] = 0.3;
  World w(p, strategy("approach2"));
  w.run();
  const RunResult r = judge(w);
  CHECK(r.metrics.sessionsEnded > 20);
  int kinds = 0;
  bool seen[static_cast<int>(FaultKind::Count_)] = {};
  for (const auto& f : w.faults.faults()) seen[static_cast<int>(f.kind)] = true;
  for (bool s : seen) kinds += s ? 1 : 0;
  CHECK(kinds == static_cast<int>(FaultKind::Count_));
}

TEST_CASE("the same seed gives the same trace hash, another seed another", "[world][determinism]") {
  for (const char* name : {"baseline", "approach1", "approach2", "hardened"}) {
    WorldParams p;
    p.seed = 5;
    p.network.requestLoss = 0.02;
    p.faultRates.perHour[static_cast<int>(FaultKind::WorkerCrash)] = 1;
    p.faultRates.perHour[static_cast<int>(FaultKind::Offline)] = 0.2;
    const auto a = run_world(p, strategy(name));
    const auto b = run_world(p, strategy(name), true);  // keeping records does not change the hash
    p.seed = 6;
    const auto c = run_world(p, strategy(name));
    CHECK(a.traceHash == b.traceHash);
    CHECK(a.traceHash != c.traceHash);
  }
}

TEST_CASE("many seeds with every fault kind run to the end for every strategy (memory-safety sweep)",
          "[world][sweep]") {
  // Under the ASan build this is where a use-after-free of a killed frame or a bad index would
  // show. Properties are not asserted here; the checker's tests do that.
  for (const auto& s : core::all_strategies()) {
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
      WorldParams p;
      p.seed = seed;
      p.network.requestLoss = 0.02;
      p.network.responseLoss = 0.02;
      for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) p.faultRates.perHour[k] = 0.5;
      const RunResult r = run_world(p, s);
      CHECK(r.metrics.simulatedMs == p.durationMs + p.drainMs);
    }
  }
}

TEST_CASE("the sample series is kept only when asked; what is drawn from it is the same either way", "[world]") {
  // A run keeps its 5-minute samples only for the report's charts (9 KB a simulated day);
  // storage growth and the queue at the end are taken as the samples pass.
  WorldParams p;
  p.seed = 12;
  p.durationMs = 3 * kDay;
  p.faultRates.perHour[static_cast<int>(FaultKind::ServerErrors)] = 0.2;
  p.faultRates.perHour[static_cast<int>(FaultKind::WorkerCrash)] = 1.0;
  for (const char* name : {"baseline", "approach2", "hardened"}) {
    INFO(name);
    p.keepSamples = true;
    const RunResult kept = run_world(p, strategy(name));
    p.keepSamples = false;
    const RunResult dropped = run_world(p, strategy(name));
    CHECK(kept.traceHash == dropped.traceHash);
    REQUIRE(kept.metrics.samples.size() > 800);
    CHECK(dropped.metrics.samples.empty());
    CHECK(dropped.metrics.storageGrowthBytes == kept.metrics.storageGrowthBytes);
    CHECK(dropped.metrics.pendingAtEnd == kept.metrics.samples.back().pendingQueue);
    const Sample* last = nullptr;
    for (const auto& s : kept.metrics.samples)
      if (s.at <= p.durationMs) last = &s;
    REQUIRE(last);
    CHECK(dropped.metrics.storageGrowthBytes ==
          static_cast<double>(last->storageBytes - kept.metrics.samples.front().storageBytes));
    CHECK(dropped.violations.size() == kept.violations.size());
  }
}

// F21 (docs/findings.md): a backlog pass that outlives the worker. hardened saved a pass only at
// its end; every incarnation resent the same first items (358 of 638 reviews completed, 284
// violations, measured with the save disabled). The world lives here rather than in the
// library: request attribution does not yet agree with the oracle in it (F22).
TEST_CASE("hardened drains a backlog whose pass outlives the worker", "[world][F21]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-backlog-pass.json");
  REQUIRE(l.scenario);
  const RunResult r = run_world(l.scenario->params, strategy("hardened"));
  CHECK(r.violations.empty());
  CHECK(r.metrics.sessionsEnded == 638);
  CHECK(r.metrics.sessionsCompleted == 638);
  CHECK(r.metrics.workerStops[static_cast<int>(StopReason::HardLimit)] > 0);  // passes did outlive workers
}

// F26 (docs/findings.md): the worker crashes 6 ms after hearing START_SESSION, its writes lost,
// and the tab closes 8.6 s later, before any ping. hardened's page says PAGE_HIDE at the close,
// and the review is recorded from it; without that message it never reaches the server (which
// property 3 excuses: the crash came within the storage time, F25). (Not in the library: a
// team's bundle claiming approach2 sends no PAGE_HIDE, and the foreign-bundle test runs the
// library under those claims.)
TEST_CASE("hardened records a review it never heard to the end from its PAGE_HIDE", "[world][F26]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-short-review-cold-start-crash.json");
  REQUIRE(l.scenario);
  core::StrategyConfig hardened = strategy("hardened");
  const RunResult with = run_world(l.scenario->params, hardened);
  CHECK(with.violations.empty());
  CHECK(with.metrics.sessionsCompleted == with.metrics.sessionsEnded);
  hardened.pageHideMessage = false;
  const RunResult without = run_world(l.scenario->params, hardened);
  CHECK(without.violations.empty());
  CHECK(without.metrics.sessionsCompleted + 1 == without.metrics.sessionsEnded);
}

// F25 (docs/findings.md): property 3 counts a review as heard only when the worker that heard it
// lived strictly longer than the storage time (two latencies here: in-flight writes die with the
// worker). A fault at a millisecond runs before a write due then, so a death at exactly that time
// leaves the write undone.
TEST_CASE("a tab counts as heard only if its worker outlived the storage time", "[world][F25]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-short-review-cold-start-crash.json");
  REQUIRE(l.scenario);
  core::StrategyConfig hardened = strategy("hardened");
  hardened.pageHideMessage = false;  // only START_SESSION can make tab 9 heard
  const auto heard_at = [&](Time crashAt) {
    WorldParams p = l.scenario->params;
    Time original = -1;
    for (Fault& f : p.faults)
      if (f.kind == FaultKind::WorkerCrash && f.at == 122537980) original = f.at, f.at = crashAt;
    REQUIRE(original >= 0);
    World w(p, hardened);
    w.run();
    return w.truth.sessions()[9].heardAt;
  };
  // START_SESSION of tab 9 was heard at 122537974; the storage time is 2 x 3 ms.
  CHECK(heard_at(122537980) == -1);         // died at exactly 6 ms: nothing could have landed
  CHECK(heard_at(122537981) == 122537974);  // lived 7 ms: counted
}

// F27 (docs/findings.md): a browser restart lost the alarms and the worker died in the cold start
// after it, before any code of the extension ran. No tab is open afterwards, so nothing could wake
// it: the world records it as unreachable from that death, and the heal brings the user's next
// browser launch forward. The same crash once the worker has started is the strategy's to survive.
TEST_CASE("a worker dead in its cold start after the alarms were lost is woken by the heal's launch", "[world][F27]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-crash-at-startup-alarms-lost-2.json");
  REQUIRE(l.scenario);
  const core::StrategyConfig hardened = strategy("hardened");
  {
    World w(l.scenario->params, hardened);
    w.run();
    REQUIRE(w.worker.unreachable().size() == 1);
    const auto u = w.worker.unreachable().front();
    const Time heal = l.scenario->params.durationMs;
    CHECK(u.to > heal);  // the heal's launch started the worker, one cold start later
    CHECK(u.to <= heal + l.scenario->params.browser.workerStartMaxMs);
    CHECK(u.from < u.to);
  }
  CHECK(run_world(l.scenario->params, hardened).violations.empty());
  // The crash that opened the interval, moved past the cold start (at most 50 ms): the worker
  // ran hardened's top level, which re-creates the alarm, so nothing is excused or relaunched.
  WorldParams p = l.scenario->params;
  World probe(p, hardened);
  probe.run();
  const Time died = probe.worker.unreachable().front().from;
  bool moved = false;
  for (Fault& f : p.faults)
    if (f.kind == FaultKind::WorkerCrash && p.installAtMs + f.at == died) f.at += 60, moved = true;
  REQUIRE(moved);
  World later(p, hardened);
  later.run();
  CHECK(later.worker.unreachable().empty());
}

// F29 (docs/findings.md): 21 review tabs close at one instant and hardened sends their ends one
// after another. Property 8 allows each the time to send the reviews closed with it first: the
// last one takes longer than the one-review promise, and no violation is reported.
TEST_CASE("property 8 allows a review the time to send the reviews closed with it", "[world][F29]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-window-of-21-reviews-closed.json");
  REQUIRE(l.scenario);
  World w(l.scenario->params, strategy("hardened"));
  w.run();
  const ServerRows rows = server_rows(w);
  const auto& truth = w.truth.sessions();
  Time slowest = 0;
  std::size_t closedTogether = 0;
  const Time lastClose = l.scenario->params.durationMs - kSecond;  // the plan's end of every open review
  for (const ServerSession* r : rows.own)
    if (r->status == ServerStatus::Completed && r->owner < truth.size() && truth[r->owner].closedAt == lastClose) {
      ++closedTogether;
      slowest = std::max(slowest, r->completedAt - lastClose);
    }
  CHECK(closedTogether == 21);
  CHECK(slowest > promise_bound(w));  // one review's promise is not enough for the 21st
  CHECK(judge(w).violations.empty());
}

// F32 (docs/findings.md): a review closes behind a backlog while a pass that began minutes
// earlier sends it; the 5-minute rule kills that listener run and the rest waits for the next
// alarm. Property 8 counts the kill that happened (before F32: hardened "late", 77.9 s against
// 39.9 s).
TEST_CASE("property 8 counts a listener run the 5-minute rule killed in healthy weather", "[world][F32]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-pass-killed-by-the-5-minute-rule.json");
  REQUIRE(l.scenario);
  if (test::skipped_long_world(l.scenario->params.durationMs)) return;
  World w(l.scenario->params, strategy("hardened"));
  w.run();
  CHECK_FALSE(w.worker.hard_limit_kills().empty());
  CHECK(judge(w).violations.empty());
}

// F32 (docs/findings.md): a review closes in a healthy moment behind 314 reviews a captive
// portal left queued; the promise and the time to send them is 44 min, and the next captive
// portal comes within it. The review is owed the recovery bound, not the promise across the
// outage (before F32: hardened "late", 6.2 h against 44 min).
TEST_CASE("property 8 holds a review to the promise only if the world stays healthy for all of it", "[world][F32]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-promise-across-an-outage.json");
  REQUIRE(l.scenario);
  if (test::skipped_long_world(l.scenario->params.durationMs)) return;
  World w(l.scenario->params, strategy("hardened"));
  w.run();
  CHECK(judge(w).violations.empty());
}

// A world where a review closes behind a queue (F33, F34): hardened holds, and with each
// review's first end failing it is reported late behind that queue: the allowance for the
// queue still catches a strategy slow inside it.
static void hardened_on_time_behind_the_queue(const std::string& world) {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/" + world + ".json");
  REQUIRE(l.scenario);
  if (test::skipped_long_world(l.scenario->params.durationMs)) return;
  core::StrategyConfig s = strategy("hardened");
  {
    World w(l.scenario->params, s);
    w.run();
    CHECK(judge(w).violations.empty());
  }
  s.mutation = core::Mutation::FailsFirstEnd;
  World w(l.scenario->params, s);
  w.run();
  const auto v = judge(w).violations;
  CHECK(std::any_of(v.begin(), v.end(), [](const Violation& x) {
    return x.property == Property::TimelyCompletion && x.detail.find("still queued") != std::string::npos;
  }));
}

// F33 (docs/findings.md): a browser restart ends while hardened still sends what two offline
// spells and a server outage left; the user's deferred reviews close minutes later and queue
// behind that backlog, and review 165, closed after them, waits for them all (before F33
// property 8 counted only those the outage left itself, and hardened was "late", 9.1 s against
// 8.2 s; F34 counts the whole queue at the close).
TEST_CASE("property 8 counts the reviews queued behind an outage's backlog ahead of a later review", "[world][F33]") {
  hardened_on_time_behind_the_queue("hardened-queue-behind-an-outage");
}

// F34 (docs/findings.md): the browser is quit for 5.8 hours; the reviews planned meanwhile
// open when it is back and close within a minute, and hardened sends them one by one. Review
// 193 closes 78 s after the last of them, with 81 still queued, and waits for them. Property 8
// counts the whole queue at a close (before F34: hardened "late", 38.7 s against 38.1 s).
TEST_CASE("property 8 counts the whole queue at a review's close, however it formed", "[world][F34]") {
  hardened_on_time_behind_the_queue("hardened-queue-after-a-browser-quit");
}

// F35 (docs/findings.md): an alarm's sync gets a 401 as a 13-second captive portal begins; the
// token refresh it sends is blackholed. Unbounded, it held the sync pass (and its lock) until
// the worker stopped 3.8 minutes later, and a review closed meanwhile was late. The refresh is
// now bounded by the client's fetch timeout: it times out, and the review is on time.
TEST_CASE("hardened's token refresh is bounded by its client's timeout", "[world][F35]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/found/hardened-timely_completion-seed208047.json");
  REQUIRE(l.scenario);
  World w(l.scenario->params, strategy("hardened"));
  w.run();
  CHECK(w.network.counters().clientTimeouts >= 1);
  CHECK(judge(w).violations.empty());
}

TEST_CASE("the drain grows with what the heal left, and never past its cap", "[world][drain]") {
  auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/../tests/worlds/hardened-backlog-pass.json");
  REQUIRE(l.scenario);
  WorldParams p = l.scenario->params;
  REQUIRE(p.faults.size() == 1);
  p.faults[0].duration = p.durationMs - p.faults[0].at;  // captive until the heal
  p.network.latencyMedianMs = 2000;                      // ~10 s a review: hours for the backlog
  {
    World w(p, strategy("hardened"));
    w.run();
    CHECK(w.drain_ms() > 2 * p.drainMs);  // hundreds of reviews queued at the heal
    CHECK(w.drain_ms() <= kLongestDrain);
    CHECK(judge(w).violations.empty());
  }
  // Round trips of a minute at sigma 3 (a hostile but valid file): the backlog would take
  // years to send; the drain stops at its cap and the run ends.
  p.network.latencyMedianMs = 60000;
  p.network.latencySigma = 3;
  World w(p, strategy("approach2"));
  w.run();
  CHECK(w.drain_ms() == kLongestDrain);
  CHECK_FALSE(judge(w).violations.empty());
}

// Property 2 asks one thing of the worker stops: the first one at or after a failure, when it is
// within a storage write's latency of it. The metrics keep only stops near a failure; over
// random histories the answer must be the one the full list of stops gives.
TEST_CASE("worker stops kept near failures answer property 2's question as all stops would", "[world][metrics]") {
  constexpr Time kWindow = 3;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    Rng rng = Rng::stream(seed, "stops");
    Metrics m;
    m.set_stop_window(kWindow);
    std::vector<Time> allStops, failures;
    Time now = 0;
    for (int i = 0; i < 300; ++i) {
      now += static_cast<Time>(rng.below(4));  // often the same millisecond, often within the window
      if (rng.below(3) == 0) {
        failures.push_back(now);
        m.on_retry_event(RetryEvent{now, 1, false, RetryEvent::Failure, 0, 503, 0});
      } else {
        allStops.push_back(now);
        m.on_worker_stop(StopReason::Crash, now);
      }
    }
    const auto& kept = m.worker_stop_times();
    CHECK(std::is_sorted(kept.begin(), kept.end()));
    auto first_near = [&](const std::vector<Time>& stops, Time f) -> Time {
      const auto it = std::lower_bound(stops.begin(), stops.end(), f);
      return it == stops.end() || *it > f + kWindow ? -1 : *it;
    };
    for (Time f : failures) {
      INFO("seed " << seed << ", failure at " << f);
      CHECK(first_near(kept, f) == first_near(allStops, f));
    }
    CHECK(kept.size() < allStops.size());  // and it does keep fewer
  }
}
