// The Chrome Trace Event (Perfetto) and JSON Lines exports parse back with their fields.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/strategy.hpp"
#include "reports/trace_export.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/swarm.hpp"
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

namespace {
// The strict schema a trace viewer relies on, checked event by event: every event has its
// phase, process, track, time and category; per track, times never go back and every B has
// its E; an async id is never reused and every b has its e; the metadata names the run.
// Returns the async slices by the outcome that closed them.
struct SchemaCheck {
  std::map<std::string, int> broken;    // rule -> events breaking it
  std::map<std::string, int> closedBy;  // async slices by the outcome that closed them
};

SchemaCheck trace_schema(const nlohmann::json& doc) {
  std::map<long, std::int64_t> lastTs;
  std::map<long, int> depth;
  std::set<std::uint64_t> open, seen;
  std::map<std::string, int> closedBy;
  // Broken rules are counted, not asserted one by one: a trace has tens of thousands of events.
  std::map<std::string, int> broken;
  auto rule = [&](bool ok, const char* what) {
    if (!ok) ++broken[what];
  };
  for (const auto& e : doc["traceEvents"]) {
    const std::string ph = e.at("ph");
    rule(e.contains("pid"), "an event without pid");
    if (ph == "M") continue;
    if (!e.contains("tid") || !e.contains("ts") || !e.contains("cat")) {
      ++broken["an event without tid, ts or cat"];
      continue;
    }
    rule(!e["cat"].get<std::string>().empty(), "an empty category");
    if (ph == "B" || ph == "b" || ph == "i" || ph == "X")
      rule(e.contains("name") && e.contains("args") && e["args"].is_object(), "a B/b/i/X event without name or args");
    const long tid = e["tid"].get<long>();
    const std::int64_t ts = e["ts"].get<std::int64_t>();
    if (lastTs.count(tid)) rule(ts >= lastTs[tid], "a time going back on its track");
    lastTs[tid] = ts;
    if (ph == "B") ++depth[tid];
    if (ph == "E") rule(--depth[tid] >= 0, "an E without its B");
    if (ph == "X") rule(e["dur"].get<std::int64_t>() > 0, "an X without duration");
    if (ph == "b") {
      const auto id = e.at("id").get<std::uint64_t>();
      rule(seen.insert(id).second, "an async id used twice");
      open.insert(id);
      rule(e["args"].contains("endpoint") && e["args"].contains("session") && e["args"].contains("request"),
           "a request without endpoint, session or request number");
    }
    if (ph == "e") {
      const auto id = e.at("id").get<std::uint64_t>();
      rule(open.erase(id) == 1, "an e without its b");
      if (e.contains("args") && e["args"].contains("outcome")) ++closedBy[e["args"]["outcome"].get<std::string>()];
      else ++broken["an e without its outcome"];
    }
  }
  for (const auto& [tid, d] : depth) rule(d == 0, "a B without its E");
  rule(open.empty(), "a b without its e");
  return {broken, closedBy};
}

std::map<std::string, int> check_trace_schema(const nlohmann::json& doc, const std::string& scenario, const std::string& strategy,
                                              std::uint64_t seed) {
  REQUIRE(doc.contains("traceEvents"));
  const auto& meta = doc["metadata"]["syncsim"];
  CHECK(meta["scenario"] == scenario);
  CHECK(meta["strategy"] == strategy);
  CHECK(meta["seed"] == seed);
  CHECK(meta["trace_hash"].get<std::string>().size() == 16);
  const SchemaCheck c = trace_schema(doc);
  for (const auto& [what, n] : c.broken) UNSCOPED_INFO(n << " x " << what);
  CHECK(c.broken.empty());
  return c.closedBy;
}

nlohmann::json chrome_trace(const WorldParams& p, const char* strategy, const std::string& scenario) {
  World w(p, *core::strategy_by_name(strategy), true);
  w.run();
  std::stringstream ss;
  reports::write_chrome_trace(ss, w.trace, w.sched.now(), {scenario, strategy, p.seed});
  return nlohmann::json::parse(ss.str());
}
}  // namespace

TEST_CASE("the trace schema check catches what a viewer would trip on", "[trace]") {
  // A planted broken trace: a B never ended, an async id reused, a time going back, an
  // event without category.
  const auto doc = nlohmann::json::parse(R"({"traceEvents": [
    {"ph": "B", "pid": 1, "tid": 1, "ts": 10, "cat": "worker", "name": "w", "args": {}},
    {"ph": "b", "pid": 1, "tid": 2, "ts": 10, "cat": "network", "id": 7, "name": "r", "args": {"endpoint": "x", "session": 1, "request": 7}},
    {"ph": "e", "pid": 1, "tid": 2, "ts": 20, "cat": "network", "id": 7, "args": {"outcome": "ok"}},
    {"ph": "b", "pid": 1, "tid": 2, "ts": 15, "cat": "network", "id": 7, "name": "r", "args": {"endpoint": "x", "session": 1, "request": 7}},
    {"ph": "i", "pid": 1, "tid": 3, "ts": 30, "name": "n", "args": {}}]})");
  const SchemaCheck c = trace_schema(doc);
  CHECK(c.broken.count("a B without its E") == 1);
  CHECK(c.broken.count("an async id used twice") == 1);
  CHECK(c.broken.count("a time going back on its track") == 1);
  CHECK(c.broken.count("a b without its e") == 1);
  CHECK(c.broken.count("an event without tid, ts or cat") == 1);
}

TEST_CASE("Perfetto traces keep the strict schema: library worlds and swarm seeds, every strategy", "[trace]") {
  std::vector<std::pair<std::string, WorldParams>> worlds;
#ifdef SYNCSIM_SLOW_BUILD
  // Under the sanitizers (tests/CMakeLists.txt): two worlds and one seed; JSON is slow there.
  const std::vector<const char*> names{"captive-portal", "worker-crashes"};
  const std::uint64_t seeds = 1;
#else
  const std::vector<const char*> names{"captive-portal", "worker-crashes", "browser-restart-mid-review", "rate-limit-retry-after"};
  const std::uint64_t seeds = 3;
#endif
  for (const char* name : names) {
    const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + name + ".json");
    REQUIRE(l.scenario);
    worlds.emplace_back(name, l.scenario->params);
  }
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) worlds.emplace_back("swarm seed " + std::to_string(seed), swarm_world(seed));
  for (const auto& [name, params] : worlds)
    for (const auto& s : core::all_strategies()) {
      INFO(name << " with " << s.name);
      check_trace_schema(chrome_trace(params, std::string(s.name).c_str(), name), name, std::string(s.name), params.seed);
    }
}

TEST_CASE("Perfetto: captive-portal closes every request, with its outcome, and names its arguments", "[trace]") {
  const auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/captive-portal.json");
  REQUIRE(l.scenario);
  const auto doc = chrome_trace(l.scenario->params, "approach2", "captive-portal");
  const auto closedBy = check_trace_schema(doc, "captive-portal", "approach2", l.scenario->params.seed);
  // The portal swallows requests: their slices end with the client's timeout or the worker.
  CHECK(closedBy.count("ok") == 1);
  CHECK(closedBy.count("client_timeout") + closedBy.count("worker_stopped") >= 1);
  std::set<std::string> tracks;
  bool namedAttempt = false, namedAnswer = false;
  for (const auto& e : doc["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name") tracks.insert(e["args"]["name"].get<std::string>());
    if (e["ph"] == "i" && e["name"] == "sync_attempt") namedAttempt = namedAttempt || (e["args"].contains("retryCount") && e["args"].contains("session"));
    if (e["ph"] == "i" && e["cat"] == "backend") namedAnswer = namedAnswer || (e["args"].contains("status") && e["args"].contains("backendId"));
  }
  CHECK(tracks.count("session 1") == 1);  // a track per session beside the components'
  CHECK(tracks.count("network") == 1);
  CHECK(namedAttempt);
  CHECK(namedAnswer);
}
