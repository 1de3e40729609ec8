// The sync core against a fake browser (no simulator): endSession, the retry loop, the
// dead-letter queue, strategies by name.
#include <algorithm>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>

#include "core/extension.hpp"
#include "core/plan/background.hpp"
#include "fake_ports.hpp"
#include "fake_run.hpp"

using namespace syncsim;
using namespace syncsim::core;

namespace {
StrategyConfig strategy(const char* name) { return *strategy_by_name(name); }

using FakePortsTest = test::FakePorts;

// A session started 90 s ago (backendId 0: its start never synced).
void open_session(FakePortsTest& ports, LocalId id, BackendId backendId) {
  Session s;
  s.localId = id;
  s.tabId = id;
  s.repo = 3;
  s.prNumber = 42;
  s.startTime = ports.clock - 90'000;
  s.backendId = backendId;
  ports.sessions[id] = s;
}
}  // namespace

TEST_CASE("every strategy is selectable by name", "[core][strategy]") {
  for (const char* n : {"baseline", "approach1", "approach2", "hardened"}) {
    auto s = strategy_by_name(n);
    REQUIRE(s);
    CHECK(s->name == n);
  }
  CHECK_FALSE(strategy_by_name("approach3"));
  CHECK(strategy("baseline").alarmPeriodMs == 5 * 60000);
  CHECK(strategy("approach1").alarmPeriodMs == 30000);
  CHECK(strategy("approach2").alarmPeriodMs == 60000);
}

TEST_CASE("approach2 endSession: immediate sync creates then ends the server session", "[core][session]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 0);
  auto ext = make_extension(ports, strategy("approach2"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  CHECK(ports.count(Endpoint::StartSession) == 1);
  CHECK(ports.count(Endpoint::EndSession) == 1);
  CHECK(ports.requests.back().sessionId == 77);
  CHECK(ports.requests.back().durationSeconds == 90);
  CHECK(ports.pending.empty());
  CHECK(ports.sessions[5].backendId == 77);
  CHECK_FALSE(ports.sessions[5].active);
  // The plan's payload has no localId: no idempotency key is sent.
  CHECK_FALSE(ports.requests.front().idempotencyKey);
}

TEST_CASE("approach2: a failing fetch leaves the item queued with retryCount 1, no lastRetryTime and no lastError",
          "[core][session]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 12);
  ports.server = [](const HttpRequest&) { return HttpResponse{}; };  // status 0: network error
  auto ext = make_extension(ports, strategy("approach2"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  REQUIRE(ports.pending.size() == 1);
  CHECK(ports.pending[0].retryCount == 1);
  CHECK_FALSE(ports.pending[0].lastRetryTime.has_value());
  CHECK(ports.pending[0].lastError.kind == ErrorKind::None);  // the plan's catch here sets neither

  // The next alarm finds the network back and syncs it.
  ports.server = [](const HttpRequest&) { return HttpResponse{200}; };
  ports.clock += 60'000;
  REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
  CHECK(ports.pending.empty());
  CHECK(ports.count(Endpoint::EndSession) == 2);
}

TEST_CASE("approach2 retry loop: five 500s in a row dead-letter the item", "[core][sync]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 12);
  ports.server = [](const HttpRequest&) { return HttpResponse{500}; };
  auto ext = make_extension(ports, strategy("approach2"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));  // attempt 1 (immediate)
  int alarms = 0;
  while (!ports.pending.empty() && alarms < 20) {
    ports.clock += 60'000;  // past any backoff (max 33.75 s)
    REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
    ++alarms;
  }
  CHECK(alarms == 4);  // attempts 2..5 on the alarm path, then shouldRetry says no
  REQUIRE(ports.failed.size() == 1);
  CHECK(ports.failed[0].item.localId == 5);
  CHECK(ports.failed[0].item.retryCount == 5);
  CHECK(ports.count(Endpoint::EndSession) == 5);
}

TEST_CASE("approach2: a 400 goes to the dead-letter queue at once", "[core][sync]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 12);
  ports.server = [](const HttpRequest&) { return HttpResponse{400}; };
  auto ext = make_extension(ports, strategy("approach2"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  ports.clock += 60'000;
  REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
  CHECK(ports.pending.empty());
  REQUIRE(ports.failed.size() == 1);
  CHECK(ports.failed[0].item.lastError.status == 400);
}

TEST_CASE("the dead-letter queue keeps exactly the last 50", "[core][dlq]") {
  sim::Scheduler s;
  FakePortsTest ports;
  const StrategyConfig cfg = strategy("approach2");
  plan::Background ext(ports, cfg);
  for (LocalId id = 1; id <= 60; ++id) {
    PendingSession p;
    p.localId = id;
    REQUIRE(test::run_task(s, ext.syncManager().addToFailedQueue(p)));
  }
  REQUIRE(ports.failed.size() == 50);
  CHECK(ports.failed.front().item.localId == 11);
  CHECK(ports.failed.back().item.localId == 60);
  std::size_t evicted = 0;
  for (auto& [code, id] : ports.logs) evicted += code == LogCode::DeadLetterEvicted ? 1 : 0;
  CHECK(evicted == 10);
}

TEST_CASE("baseline endSession queues nothing when the start never synced", "[core][session]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 0);
  auto ext = make_extension(ports, strategy("baseline"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  CHECK(ports.pending.empty());
  CHECK(ports.requests.empty());
  CHECK_FALSE(ports.sessions[5].active);
}

TEST_CASE("baseline retries a failed item on every alarm, with no limit", "[core][sync]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 12);
  ports.server = [](const HttpRequest&) { return HttpResponse{500}; };
  auto ext = make_extension(ports, strategy("baseline"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  for (int i = 0; i < 12; ++i) {
    ports.clock += 300'000;
    REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
  }
  CHECK(ports.count(Endpoint::EndSession) == 12);
  CHECK(ports.pending.size() == 1);
  CHECK(ports.failed.empty());
}

TEST_CASE("approach2: the immediate path finds the still-queued start first and sends nothing", "[core][session]") {
  sim::Scheduler s;
  FakePortsTest ports;
  auto ext = make_extension(ports, strategy("approach2"));
  REQUIRE(test::run_task(s, ext->main()));
  ports.server = [](const HttpRequest&) { return HttpResponse{}; };  // offline-like: start stays queued
  REQUIRE(test::run_task(s, ext->onStartSessionMessage(5, 3, 42)));
  REQUIRE(ports.detached.size() == 1);  // the listener returned; startSession runs on
  REQUIRE(test::run_task(s, std::move(ports.detached.back())));
  ports.clock += 90'000;
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  // pendingSessions.find(localId && !synced) returns the 'start' item: no request at all.
  CHECK(ports.requests.empty());
  CHECK(ports.pending.size() == 2);
}

TEST_CASE("hardened sends the idempotency key and refreshes the token on 401", "[core][hardened]") {
  sim::Scheduler s;
  FakePortsTest ports;
  open_session(ports, 5, 12);
  int calls = 0;
  ports.server = [&](const HttpRequest& r) {
    ++calls;
    HttpResponse resp;
    if (r.endpoint == Endpoint::RefreshToken) {
      resp.status = 200;
      resp.tokenGen = 2;
      resp.tokenExpiresAt = INT64_MAX / 4;
    } else {
      resp.status = r.tokenGen >= 2 ? 200 : 401;
    }
    return resp;
  };
  auto ext = make_extension(ports, strategy("hardened"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onTabRemoved(5)));
  CHECK(ports.pending.empty());
  CHECK(ports.failed.empty());
  CHECK(ports.auth.tokenGen == 2);
  CHECK(ports.requests.front().idempotencyKey);
  CHECK(ports.count(Endpoint::RefreshToken) == 1);
}

namespace {
// Ten ended reviews queued with their rows known (each needs one end request), for hardened.
void queue_ten_ends(FakePortsTest& ports) {
  for (LocalId id = 1; id <= 10; ++id) {
    open_session(ports, id, 100 + id);
    PendingSession p;
    p.localId = id;
    p.backendId = 100 + id;
    p.action = PendingAction::End;
    ports.pending.push_back(p);
  }
}
// A server that answers the listed end requests (1-based, in order) with a network error.
std::function<HttpResponse(const HttpRequest&)> losing(std::vector<int> lost) {
  return [lost, n = 0](const HttpRequest& r) mutable {
    if (r.endpoint != Endpoint::EndSession) return HttpResponse{200};
    ++n;
    return std::find(lost.begin(), lost.end(), n) != lost.end() ? HttpResponse{} : HttpResponse{200};
  };
}
}  // namespace

TEST_CASE("hardened: three losses in a row after a success do not end the pass (F31)", "[core][sync][hardened]") {
  // On a network that loses one round trip in seven, three in a row come once in ~350 attempts;
  // ending the pass there left the backlog to the next alarm, a minute later.
  sim::Scheduler s;
  FakePortsTest ports;
  queue_ten_ends(ports);
  ports.server = losing({2, 3, 4});
  auto ext = make_extension(ports, strategy("hardened"));
  REQUIRE(test::run_task(s, ext->main()));
  REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
  CHECK(ports.count(Endpoint::EndSession) == 10);  // the pass went on to the end of the queue
  CHECK(ports.pending.size() == 3);                // the three lost ones wait for their backoff
}

TEST_CASE("hardened: three failures before any success, or six after one, end the pass (F19)", "[core][sync][hardened]") {
  sim::Scheduler s;
  SECTION("an outage from the start: three attempts") {
    FakePortsTest ports;
    queue_ten_ends(ports);
    ports.server = losing({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    auto ext = make_extension(ports, strategy("hardened"));
    REQUIRE(test::run_task(s, ext->main()));
    REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
    CHECK(ports.count(Endpoint::EndSession) == 3);
    CHECK(ports.pending.size() == 10);
  }
  SECTION("an outage after a success: six attempts more") {
    FakePortsTest ports;
    queue_ten_ends(ports);
    ports.server = losing({2, 3, 4, 5, 6, 7, 8, 9, 10});
    auto ext = make_extension(ports, strategy("hardened"));
    REQUIRE(test::run_task(s, ext->main()));
    REQUIRE(test::run_task(s, ext->onAlarm(AlarmName::Sync)));
    CHECK(ports.count(Endpoint::EndSession) == 7);
    CHECK(ports.pending.size() == 9);
  }
}
