// Task<T>: laziness, values through chains, and destruction of killed chains.
#include <catch2/catch.hpp>

#include "fake_run.hpp"
#include "sim/runtime/scheduler.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
struct Probe {
  int resumedAfterAwait = 0;
  int constructed = 0;
  int destroyed = 0;
};
struct Guard {
  Probe* p;
  explicit Guard(Probe* probe) : p(probe) { ++p->constructed; }
  ~Guard() { ++p->destroyed; }
};

Task<int> leaf(Scheduler& s, Probe& p) {
  Guard g(&p);
  co_await s.sleep_for(1000);
  ++p.resumedAfterAwait;
  co_return 3;
}
Task<int> middle(Scheduler& s, Probe& p) {
  Guard g(&p);
  const int v = co_await leaf(s, p);
  ++p.resumedAfterAwait;
  co_return v * 2;
}
Task<void> top(Scheduler& s, Probe& p, int& out) {
  Guard g(&p);
  out = co_await middle(s, p);
  ++p.resumedAfterAwait;
}
Task<int> add(int a, int b) { co_return a + b; }
Task<int> sum_chain(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) total += co_await add(i, 1);
  co_return total;
}
}  // namespace

TEST_CASE("a task does nothing until awaited", "[task]") {
  Probe p;
  Scheduler s;
  {
    Task<int> t = leaf(s, p);
    CHECK(p.constructed == 0);  // the body has not started
  }
  CHECK(p.constructed == 0);  // destroyed unstarted: the body never ran
  CHECK(s.empty());           // and it scheduled nothing
}

TEST_CASE("values flow up a three-deep chain", "[task]") {
  Scheduler s;
  Probe p;
  int out = 0;
  CHECK(test::run_task(s, top(s, p, out)));
  CHECK(out == 6);
  CHECK(p.resumedAfterAwait == 3);
  CHECK(p.destroyed == 3);
}

TEST_CASE("many synchronous completions in a loop (symmetric transfer)", "[task]") {
  Scheduler s;
  CHECK(test::run_task(s, sum_chain(10000)) == 10000 * 10001 / 2);
}

TEST_CASE("a three-deep chain killed mid-await never resumes and frees every frame", "[task][context]") {
  Scheduler s;
  Probe p;
  int out = -1;
  const auto ctx = s.create_context();
  s.spawn(ctx, top(s, p, out));
  s.run_until(500);  // all three frames are suspended below the leaf's sleep
  CHECK(s.live_roots(ctx) == 1);
  CHECK(p.destroyed == 0);
  s.kill(ctx);
  CHECK(p.destroyed == 3);  // the whole chain went, without resuming anything
  s.run_until(5000);        // the leaf's wake-up is due now, and must be dropped
  CHECK(p.resumedAfterAwait == 0);
  CHECK(out == -1);
}
