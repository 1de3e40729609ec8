// `syncsim explain` (reports/explain.hpp): the story of a violation holds the lines a bug report
// needs, in simulated wall-clock time, folded and bounded.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "core/strategy.hpp"
#include "reports/explain.hpp"
#include "sim/runtime/clock_time.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
struct Told {
  RunResult result;
  std::string text;
};

Told tell(const std::string& file, const char* strategy, std::size_t maxLines = 60, std::size_t violation = 0) {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + file);
  REQUIRE(l.scenario);
  World w(l.scenario->params, *core::strategy_by_name(strategy), true);
  w.run();
  Told t{judge(w), {}};
  REQUIRE(t.result.violations.size() > violation);
  reports::ExplainOptions o;
  o.violation = violation;
  o.maxLines = maxLines;
  t.text = reports::explain_text({l.scenario->name, strategy, l.scenario->params.seed}, w.trace, t.result, o, "syncsim run " + file);
  return t;
}

std::size_t timeline_lines(const std::string& text) {
  std::istringstream in(text);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.starts_with("  ") && !line.starts_with("  server") && line.size() > 20 && line[2] == ' ';
  return n;
}
}  // namespace

TEST_CASE("explain: simulated wall-clock time", "[explain]") {
  CHECK(sim::clock_time(0) == "00:00:00.000");
  CHECK(sim::clock_time(10 * kHour + 4 * kMinute + 12 * kSecond + 345) == "10:04:12.345");
  CHECK(sim::clock_time(kDay + kHour + 2 * kMinute + 3 * kSecond + 4) == "day 2 01:02:03.004");
}

TEST_CASE("explain: approach2's quick close tells the two server sessions and the stuck one", "[explain]") {
  const Told t = tell("found/approach2-quick-close.json", "approach2");
  const std::string& s = t.text;
  INFO(s);
  // Which violation, whose, and when.
  CHECK(s.find("violation 1 of 3: no_stuck_in_progress, session 1, at 00:00:12.000") != std::string::npos);
  // The user's tab, the worker's handlers, the core's steps by the plan's names, storage.
  CHECK(s.find("00:00:11.000  tab 1 opened") != std::string::npos);
  CHECK(s.find("00:00:12.000  tab 1 closed (user_closed)") != std::string::npos);
  CHECK(s.find("worker: START_SESSION (tab 1)") != std::string::npos);
  CHECK(s.find("core: SessionHandler.startSession - session saved, start queued") != std::string::npos);
  CHECK(s.find("core: SessionHandler.endSession - ended after 1 s, end queued") != std::string::npos);
  CHECK(s.find("storage: session 1 record written") != std::string::npos);
  // The requests, their outcomes, and what the backend made of them: two server sessions.
  CHECK(s.find("-> sessions_start (request 1)") != std::string::npos);
  CHECK(s.find("answered HTTP 201 (server session 1) (request 1)") != std::string::npos);
  CHECK(s.find("-> sessions_start (request 2)") != std::string::npos);
  CHECK(s.find("answered HTTP 201 (server session 2) (request 2)") != std::string::npos);
  CHECK(s.find("<- HTTP 200 (request 3)") != std::string::npos);
  CHECK(s.find("worker started (#2)") != std::string::npos);
  // It ends with the verdict, the others named, and the replay line.
  CHECK(s.find("verdict: no_stuck_in_progress violated for session 1:") != std::string::npos);
  CHECK(s.find("the run's other violations: no_duplicates x1, timely_completion x1") != std::string::npos);
  CHECK(s.ends_with("replay: syncsim run found/approach2-quick-close.json\n"));
  // The order is the world's: the tab opens before the start request, which precedes the end.
  CHECK(s.find("tab 1 opened") < s.find("request 1"));
  CHECK(s.find("request 1") < s.find("sessions_end"));
}

TEST_CASE("explain: a day of pings folds, and the story stays within its line budget", "[explain]") {
  const Told t = tell("default-day.json", "baseline", 40);
  INFO(t.text);
  CHECK(t.text.find("repeated") != std::string::npos);
  CHECK(timeline_lines(t.text) <= 41);  // 40 lines and the one saying how many were left out
  CHECK(t.text.find("verdict: ") != std::string::npos);
}

TEST_CASE("explain: a fault that began before the session's first line is still told", "[explain]") {
  // captive-portal: the portal opens at 11:00 for 30 min; the story's session opens at 11:10.
  const Told t = tell("captive-portal.json", "approach2");
  INFO(t.text);
  CHECK(t.text.find("11:00:00.000  fault: captive_portal for 00:30:00.000") != std::string::npos);
}
