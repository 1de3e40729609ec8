// The Chrome Trace Event (Perfetto) and JSON Lines exports parse back with their fields.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/strategy.hpp"
#include "reports/trace_export.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

TEST_CASE("a generated Perfetto trace parses back with the required fields", "[trace]") {
  WorldParams p;
  p.durationMs = 4 * kHour;
  p.user.workStartHour = 0;
  p.user.workEndHour = 4;
  p.faults.push_back(Fault{FaultKind::Offline, kHour, 10 * kMinute});
  p.faults.push_back(Fault{FaultKind::WorkerCrash, 2 * kHour});
  World w(p, *core::strategy_by_name("approach2"), true);
  w.run();
  std::stringstream ss;
  reports::write_chrome_trace(ss, w.trace, w.sched.now());
  const auto doc = nlohmann::json::parse(ss.str());
  REQUIRE(doc.contains("traceEvents"));
  const auto& ev = doc["traceEvents"];
  REQUIRE(ev.size() > 100);
  std::map<std::string, int> phases;
  int beginEnd = 0, asyncOpen = 0;
  std::set<std::string> threadNames;
  for (const auto& e : ev) {
    REQUIRE(e.contains("ph"));
    REQUIRE(e.contains("pid"));
    const std::string ph = e["ph"];
    ++phases[ph];
    if (ph == "M") {
      if (e["name"] == "thread_name") threadNames.insert(e["args"]["name"].get<std::string>());
      continue;
    }
    REQUIRE(e.contains("ts"));
    REQUIRE(e.contains("tid"));
    REQUIRE(e["ts"].is_number());
    if (ph != "E" && ph != "e") REQUIRE(e.contains("name"));
    if (ph == "B") ++beginEnd;
    if (ph == "E") --beginEnd;
    if (ph == "b") ++asyncOpen;
    if (ph == "e") --asyncOpen;
    if (ph == "b" || ph == "e") REQUIRE(e.contains("id"));
    if (ph == "X") REQUIRE(e["dur"].get<std::int64_t>() > 0);
  }
  CHECK(beginEnd == 0);   // every worker incarnation slice is closed
  CHECK(asyncOpen == 0);  // every request slice is closed
  CHECK(phases["B"] > 1);
  CHECK(phases["b"] > 10);
  CHECK(phases["X"] == 1);  // the offline window
  CHECK(threadNames.count("service worker") == 1);
  CHECK(threadNames.count("network") == 1);
  CHECK(threadNames.count("backend") == 1);
}

TEST_CASE("the JSON Lines trace has one record per line with named details", "[trace]") {
  WorldParams p;
  p.durationMs = 2 * kHour;
  p.user.workStartHour = 0;
  p.user.workEndHour = 2;
  World w(p, *core::strategy_by_name("hardened"), true);
  w.run();
  std::stringstream ss;
  reports::write_jsonl(ss, w.trace);
  std::size_t lines = 0;
  bool sawFetch = false;
  for (std::string line; std::getline(ss, line);) {
    const auto j = nlohmann::json::parse(line);
    REQUIRE(j.contains("t"));
    REQUIRE(j.contains("kind"));
    REQUIRE(j.contains("detail"));
    if (j["kind"] == "fetch_send") sawFetch = sawFetch || j["detail"] == "sessions_start" || j["detail"] == "sessions_end";
    ++lines;
  }
  CHECK(lines == w.trace.records().size());
  CHECK(sawFetch);
}
