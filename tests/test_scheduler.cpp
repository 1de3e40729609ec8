// The event loop: ordering, timers, contexts and killing.
#include <catch2/catch.hpp>
#include <algorithm>
#include <iterator>
#include <vector>

#include "sim/runtime/scheduler.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
struct Log {
  std::vector<std::uint64_t> order;
  std::vector<Time> times;
  Scheduler* s = nullptr;
};
void record(void* self, std::uint64_t arg) {
  auto& l = *static_cast<Log*>(self);
  l.order.push_back(arg);
  l.times.push_back(l.s->now());
}
}  // namespace

TEST_CASE("events due at the same time run in the order they were scheduled", "[scheduler]") {
  Scheduler s;
  Log log;
  log.s = &s;
  for (std::uint64_t i = 0; i < 50; ++i) s.at(100, &record, &log, i);
  s.at(50, &record, &log, 1000);
  while (s.step()) {
  }
  REQUIRE(log.order.size() == 51);
  CHECK(log.order[0] == 1000);
  for (std::uint64_t i = 0; i < 50; ++i) CHECK(log.order[i + 1] == i);
}

TEST_CASE("events run in time order whatever order they were scheduled in", "[scheduler]") {
  Scheduler s;
  Log log;
  log.s = &s;
  const Time ts[] = {70, 10, 50, 10, 90, 0, 30};
  for (std::uint64_t i = 0; i < 7; ++i) s.at(ts[i], &record, &log, i);
  while (s.step()) {
  }
  for (std::size_t i = 1; i < log.times.size(); ++i) CHECK(log.times[i - 1] <= log.times[i]);
  CHECK(log.order == std::vector<std::uint64_t>{5, 1, 3, 6, 2, 0, 4});
}

namespace {
Task<void> sleeper(Scheduler& s, Time d, std::vector<Time>& woke) {
  const Time start = s.now();
  co_await s.sleep_for(d);
  woke.push_back(s.now() - start);
}
}  // namespace

TEST_CASE("a timer never fires early, and fires at its time", "[scheduler]") {
  Scheduler s;
  const auto ctx = s.create_context();
  std::vector<Time> woke;
  const Time delays[] = {0, 1, 7, 1000, 30000, 3};
  for (Time d : delays) s.spawn(ctx, sleeper(s, d, woke));
  s.run_until(10 * kMinute);
  REQUIRE(woke.size() == 6);
  std::vector<Time> sorted(std::begin(delays), std::end(delays));
  std::sort(sorted.begin(), sorted.end());
  CHECK(woke == sorted);  // each woke exactly after its delay: not early, not late
}

TEST_CASE("run_until leaves later events alone and advances the clock", "[scheduler]") {
  Scheduler s;
  Log log;
  log.s = &s;
  s.at(10, &record, &log, 1);
  s.at(20, &record, &log, 2);
  s.run_until(15);
  CHECK(s.now() == 15);
  CHECK(log.order == std::vector<std::uint64_t>{1});
  s.run_until(20);
  CHECK(log.order == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("a wake-up for a killed incarnation is dropped, and the context lives on", "[scheduler][context]") {
  Scheduler s;
  const auto ctx = s.create_context();
  std::vector<Time> woke;
  s.spawn(ctx, sleeper(s, 100, woke));
  s.run_until(50);
  CHECK(s.live_roots(ctx) == 1);
  const auto before = s.ref(ctx);
  s.kill(ctx);
  CHECK_FALSE(s.alive(before));
  CHECK(s.live_roots(ctx) == 0);
  s.spawn(ctx, sleeper(s, 10, woke));  // the next incarnation
  s.run_until(1000);
  CHECK(woke == std::vector<Time>{10});
}

TEST_CASE("roots stay linked when many contexts are created while they are suspended", "[scheduler][context]") {
  // Regression: contexts lived in a std::vector, so creating one (a new tab's page) could move
  // the root-list sentinel a suspended root still pointed to; unlinking it later wrote freed
  // memory (found by swarm exploration under ASan).
  Scheduler s;
  const auto ctx = s.create_context();
  std::vector<Time> woke;
  s.spawn(ctx, sleeper(s, 100, woke));
  s.step();  // suspended in its sleep
  for (int i = 0; i < 5000; ++i) s.create_context();
  s.run_until(1000);  // it finishes and unlinks itself
  CHECK(woke == std::vector<Time>{100});
  CHECK(s.live_roots(ctx) == 0);
  s.spawn(ctx, sleeper(s, 5, woke));
  s.run_until(2000);
  CHECK(woke.size() == 2);
}

TEST_CASE("a delay too large to add means never, not a time in the past", "[scheduler][hostile]") {
  Scheduler s;
  Log log;
  log.s = &s;
  s.at(100, &record, &log, 1);
  REQUIRE(s.step());
  s.after(INT64_MAX, &record, &log, 2);        // now() + delay would wrap below zero
  s.after(INT64_MAX - 50, &record, &log, 3);
  s.after(10, &record, &log, 4);
  s.run_until(1000000);
  CHECK(log.order == std::vector<std::uint64_t>{1, 4});  // the huge delays are not due
  CHECK(s.next_time() == INT64_MAX);
  CHECK(s.later(INT64_MAX) == INT64_MAX);
  CHECK(s.later(-5) == s.now());
}

// The wheel (events due within 256 ms) and the heap (later ones) give one order: (time, the order
// they were scheduled in). Events scheduled from inside events, at delays on both sides of the
// wheel's edge and at ties across the two stores, against a plain sort of what was scheduled.
namespace {
struct Chain {
  Scheduler* s = nullptr;
  std::uint64_t state = 88172645463325252ull;  // xorshift64: the test's own stream
  std::uint64_t nextId = 0;
  std::vector<std::pair<Time, std::uint64_t>> scheduled;  // (time, id): ids grow with scheduling order
  std::vector<std::uint64_t> ran;
  std::uint64_t draw() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  void schedule() {
    static constexpr Time kDelays[] = {0, 0, 1, 3, 255, 256, 257, 511, 512, 10000, 30000, 65535, 65536, 65791, 65792, 66049, 200000};
    const Time at = s->now() + kDelays[draw() % std::size(kDelays)];
    const std::uint64_t id = nextId++;
    scheduled.emplace_back(at, id);
    s->at(at, &Chain::fire, this, id);
  }
  static void fire(void* self, std::uint64_t id) {
    auto& c = *static_cast<Chain*>(self);
    c.ran.push_back(id);
    if (c.nextId < 20000)
      for (std::uint64_t k = c.draw() % 3; k > 0; --k) c.schedule();
  }
};
}  // namespace

TEST_CASE("the wheel and the heap run events in (time, scheduling) order", "[scheduler]") {
  Scheduler s;
  Chain c;
  c.s = &s;
  for (int i = 0; i < 64; ++i) c.schedule();
  while (s.step()) {
  }
  auto expected = c.scheduled;
  std::sort(expected.begin(), expected.end());
  REQUIRE(c.ran.size() == expected.size());
  CHECK(c.ran.size() > 1000);
  bool same = true;
  for (std::size_t i = 0; i < expected.size(); ++i) same = same && c.ran[i] == expected[i].second;
  CHECK(same);
}

// A reserved sequence number (a planned chain: sim/world/user.cpp) orders its event as if it had
// been scheduled when reserved, whichever store the other events of its millisecond are in.
TEST_CASE("an event scheduled later with a reserved sequence number runs where it was reserved", "[scheduler]") {
  Scheduler s;
  Log log;
  log.s = &s;
  s.at(5, &record, &log, 1);                       // before the reservation: runs first at t=5
  const std::uint64_t base = s.reserve_seqs(2);   // planned: 10 at t=5, 11 at t=400
  s.at(5, &record, &log, 2);                       // after it: wheel, t=5
  s.at(400, &record, &log, 3);                     // after it: heap, t=400
  s.at_reserved(5, &record, &log, 10, base);
  s.run_until(200);
  s.at(400, &record, &log, 4);                     // wheel (within 256 ms of now), t=400
  s.at_reserved(400, &record, &log, 11, base + 1);  // planned late, but reserved early
  while (s.step()) {
  }
  CHECK(log.order == std::vector<std::uint64_t>{1, 10, 2, 11, 3, 4});
}
