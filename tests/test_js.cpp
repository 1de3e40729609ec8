// The extension's own TypeScript (extension/, bundled by the build) running in the simulated
// world through sim/js/: each ts: strategy end to end, the verdicts it shares with its C++
// twin, worker kills, determinism, and the differential test against the C++ port.
#include <catch2/catch.hpp>
#include "test_world_files.hpp"
#include "long_worlds.hpp"

#include "verdict.hpp"

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/js/js_extension.hpp"
#include "sim/js/shim.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {

Scenario scenario(const std::string& name) {
  auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + name + ".json");
  REQUIRE(l.scenario);
  return *l.scenario;
}

std::vector<std::string> library() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::recursive_directory_iterator(SYNCSIM_SCENARIO_DIR))
    if (e.is_regular_file() && e.path().extension() == ".json")
      names.push_back(std::filesystem::relative(e.path(), SYNCSIM_SCENARIO_DIR).replace_extension().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::set<Property> violated(const RunResult& r) {
  const auto v = violated_properties(r.violations);
  return {v.begin(), v.end()};
}

using test::verdict;

core::StrategyConfig ts(const std::string& name) {
  auto s = sim::js::js_strategy("ts:" + name);
  REQUIRE(s);
  return *s;
}

// The world-visible part of a trace: what the network, storage, worker lifecycle, alarms, tabs
// and beacons saw (the core's log records and the fetch slot numbers left out).
struct Visible {
  Time at;
  TraceKind kind;
  std::uint16_t detail;
  std::uint32_t a;
  std::int64_t b;
  bool operator==(const Visible&) const = default;
};

std::vector<Visible> visible(const std::vector<TraceRecord>& records) {
  std::vector<Visible> out;
  for (const auto& r : records) {
    switch (r.kind) {
      case TraceKind::Core: break;
      case TraceKind::FetchSend: out.push_back({r.at, r.kind, r.detail, 0, r.b}); break;  // endpoint, localId
      case TraceKind::FetchDone:
      case TraceKind::ServerHandled: out.push_back({r.at, r.kind, r.detail, 0, r.b}); break;
      default: out.push_back({r.at, r.kind, r.detail, r.a, r.b}); break;
    }
  }
  return out;
}

std::string show(const TraceRecord& r) {
  return fmt::format("{} {} d={} a={} b={}", r.at, trace_kind_name(r.kind), r.detail, r.a, r.b);
}

struct Comparison {
  bool sameTrace = false;    // every record, including the core's log records
  bool sameVisible = false;  // the world-visible records
  bool sameVerdict = false;
  std::string detail;        // the first divergence
};

std::vector<TraceRecord> records_of(const WorldParams& p, const core::StrategyConfig& s) {
  World w(p, s, true);
  w.run();
  return w.trace.records();
}

// Hashes first (a run keeps no records); the records only when the hashes differ.
Comparison compare(const WorldParams& p, const core::StrategyConfig& cpp, const core::StrategyConfig& js) {
  const RunResult a = run_world(p, cpp);
  const RunResult b = run_world(p, js);
  Comparison c;
  c.sameTrace = a.traceHash == b.traceHash;
  c.sameVerdict = verdict(a) == verdict(b);
  c.sameVisible = c.sameTrace;
  if (!c.sameVerdict) c.detail += fmt::format("verdicts: C++ {} vs JS {}; ", verdict(a), verdict(b));
  if (c.sameTrace) return c;
  const auto ra = records_of(p, cpp), rb = records_of(p, js);
  c.sameVisible = visible(ra) == visible(rb);
  std::size_t i = 0;
  while (i < ra.size() && i < rb.size() && show(ra[i]) == show(rb[i])) ++i;
  c.detail += fmt::format("first divergence at record {}: C++ [{}] vs JS [{}]", i, i < ra.size() ? show(ra[i]) : "end",
                          i < rb.size() ? show(rb[i]) : "end");
  for (std::size_t k = i >= 6 ? i - 6 : 0; k < i; ++k) c.detail += "\n    both: " + show(ra[k]);
  for (std::size_t k = i; k < i + 6 && k < ra.size(); ++k) c.detail += "\n    C++:  " + show(ra[k]);
  for (std::size_t k = i; k < i + 6 && k < rb.size(); ++k) c.detail += "\n    JS:   " + show(rb[k]);
  return c;
}

// Swarm seeds of the differential test: 50 by default (5 in a sanitized or debug build),
// SYNCSIM_JS_DIFF_SEEDS for more (the goal in CI: 1,000), from SYNCSIM_JS_DIFF_FROM (1).
std::uint64_t differential_from() {
  if (const char* v = std::getenv("SYNCSIM_JS_DIFF_FROM")) return std::strtoull(v, nullptr, 10);
  return 1;
}
std::uint64_t differential_seeds() {
  if (const char* v = std::getenv("SYNCSIM_JS_DIFF_SEEDS")) return std::strtoull(v, nullptr, 10);
#ifdef SYNCSIM_SLOW_BUILD
  return 5;
#else
  return 50;
#endif
}

// A bundle written for a test, in the build's temporary directory.
std::string write_bundle(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("syncsim-test-" + name + ".js");
  std::ofstream(path) << text;
  return path.string();
}

std::size_t count(const World& w, TraceKind k, int detail = -1) {
  std::size_t n = 0;
  for (const auto& r : w.trace.records()) n += r.kind == k && (detail < 0 || r.detail == detail);
  return n;
}

// One strategy's differential on the library or on the swarm seeds; a test case for each, so
// that ctest spreads them over the cores (`ctest -R differential -j2`).
enum class DiffWorlds { Library, Swarm, TestWorlds };
void differential(const char* strategyName, DiffWorlds which) {
  std::vector<std::pair<std::string, WorldParams>> worlds;
  if (which == DiffWorlds::TestWorlds) {
    for (const auto& f : test::test_world_files()) {
      auto l = load_scenario(f);
      REQUIRE(l.scenario);
      if (!test::skipped_long_world(l.scenario->params.durationMs)) worlds.emplace_back(f, l.scenario->params);
    }
  } else if (which == DiffWorlds::Library) {
    for (const auto& name : library()) {
      const Scenario s = scenario(name);
      if (!test::skipped_long_world(s.params.durationMs)) worlds.emplace_back(name, s.params);
    }
  } else {
    const std::uint64_t from = differential_from();
    for (std::uint64_t seed = from; seed < from + differential_seeds(); ++seed)
      worlds.emplace_back(fmt::format("swarm seed {}", seed), swarm_world(seed));
  }
  const core::StrategyConfig cpp = *core::strategy_by_name(strategyName);
  const core::StrategyConfig js = ts(std::string(cpp.name));
  std::size_t same = 0, sameVisible = 0, sameVerdict = 0;
  for (const auto& [name, params] : worlds) {
    const Comparison c = compare(params, cpp, js);
    same += c.sameTrace;
    sameVisible += c.sameVisible;
    sameVerdict += c.sameVerdict;
    if (!c.sameTrace) UNSCOPED_INFO(cpp.name << " on " << name << ": " << c.detail);
  }
  WARN(fmt::format("{}: {}/{} worlds with identical traces, {} with identical world-visible histories, {} with "
                   "the same verdict",
                   cpp.name, same, worlds.size(), sameVisible, sameVerdict));
  CHECK(same == worlds.size());
}

}  // namespace

TEST_CASE("js: each ts: strategy runs a library scenario end to end", "[js]") {
  const Scenario s = scenario("session-end-triggers-immediate-sync");
  for (const char* name : {"baseline", "approach1", "approach2", "hardened"}) {
    INFO(name);
    const auto errorsBefore = sim::js::uncaught_errors();
    const RunResult r = run_world(s.params, ts(name));
    CHECK(sim::js::uncaught_errors() == errorsBefore);
    CHECK(r.metrics.sessionsEnded > 0);
    CHECK(r.metrics.workerStarts > 0);
    CHECK(r.metrics.requests[static_cast<std::size_t>(core::Endpoint::StartSession)] > 0);
    if (std::string_view(name) != "baseline") CHECK(r.metrics.sessionsCompleted == r.metrics.sessionsEnded);
  }
}

TEST_CASE("js: ts:approach2 breaks what approach2 breaks and ts:hardened holds", "[js]") {
  for (const char* name : {"captive-portal", "network-offline-during-session", "token-expiry-401", "swarm-all-faults"}) {
    INFO(name);
    const Scenario s = scenario(name);
    const auto cpp = violated(run_world(s.params, *core::strategy_by_name("approach2")));
    const auto js = violated(run_world(s.params, ts("approach2")));
    CHECK_FALSE(cpp.empty());
    CHECK(js == cpp);
    CHECK(violated(run_world(s.params, ts("hardened"))).empty());
  }
}

TEST_CASE("js: differential (baseline) - library scenarios - C++ against TypeScript", "[js][differential]") {
  differential("baseline", DiffWorlds::Library);
}
TEST_CASE("js: differential (baseline) - swarm seeds - C++ against TypeScript", "[js][differential]") {
  differential("baseline", DiffWorlds::Swarm);
}
TEST_CASE("js: differential (approach1) - library scenarios - C++ against TypeScript", "[js][differential]") {
  differential("approach1", DiffWorlds::Library);
}
TEST_CASE("js: differential (approach1) - swarm seeds - C++ against TypeScript", "[js][differential]") {
  differential("approach1", DiffWorlds::Swarm);
}
TEST_CASE("js: differential (approach2) - library scenarios - C++ against TypeScript", "[js][differential]") {
  differential("approach2", DiffWorlds::Library);
}
TEST_CASE("js: differential (approach2) - swarm seeds - C++ against TypeScript", "[js][differential]") {
  differential("approach2", DiffWorlds::Swarm);
}
TEST_CASE("js: differential (hardened) - library scenarios - C++ against TypeScript", "[js][differential]") {
  differential("hardened", DiffWorlds::Library);
}
TEST_CASE("js: differential (hardened) - the tests' own worlds - C++ against TypeScript", "[js][differential]") {
  differential("hardened", DiffWorlds::TestWorlds);
}
TEST_CASE("js: differential (hardened) - swarm seeds - C++ against TypeScript", "[js][differential]") {
  differential("hardened", DiffWorlds::Swarm);
}

TEST_CASE("js: a team's bundle without hooks is judged from its requests (tests/foreign-extension)", "[js][foreign]") {
  const std::string dir = SYNCSIM_FOREIGN_DIR;
  // The first try: found failing, with backoff_bounds from the request ledger alone.
  const auto buggy = sim::js::js_strategy_for_bundle(dir + "/buggy.js", "approach2");
  REQUIRE(buggy);
  const Scenario s = scenario("backend-500-retry-with-backoff");
  World w(s.params, *buggy, true);
  w.run();
  CHECK(count(w, TraceKind::Core) == 0);  // no log record: nothing of its own reported
  CHECK(w.metrics.judged_on_requests());
  const RunResult r = judge(w);
  CHECK(violated(r).count(Property::BackoffBounds) == 1);
  CHECK(run_world(s.params, *buggy).traceHash == r.traceHash);  // and it replays
  CHECK_FALSE(w.metrics.request_ledger().empty());

  // The fixed one holds under the plan's claims and hardened's, on the library and swarm seeds.
  const auto errorsBefore = sim::js::uncaught_errors();
  std::vector<std::pair<std::string, WorldParams>> worlds;
  // Two found worlds judge what a bundle without hooks cannot show (docs/properties.md,
  // "Attribution"): seed68's 51 malformed reviews all name PR 0, so their dead-letter entries
  // cannot be told apart; seed23's 65-minute Retry-After is waited out (up to 5 min) by a bundle
  // whose claimed policy (approach2's) honours none, so its own bound does not allow it.
  for (const auto& name : library())
    if (name != "found/hardened-nothing_lost-seed68" && name != "found/hardened-backoff_bounds+nothing_lost-seed23")
      worlds.emplace_back(name, scenario(name).params);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) worlds.emplace_back(fmt::format("swarm seed {}", seed), swarm_world(seed));
  for (const char* claims : {"approach2", "hardened"}) {
    const auto correct = sim::js::js_strategy_for_bundle(dir + "/correct.js", claims);
    REQUIRE(correct);
    for (const auto& [name, params] : worlds) {
      INFO(claims << " on " << name);
      const RunResult c = run_world(params, *correct);
      CHECK(verdict(c) == "ok");
    }
  }
  CHECK(sim::js::uncaught_errors() == errorsBefore);
}

TEST_CASE("js: a realm per incarnation gives the same histories as the world's realm reset", "[js]") {
  for (const char* name : {"worker-crashes", "browser-restart-mid-review", "token-expiry-401"}) {
    INFO(name);
    const Scenario sc = scenario(name);
    for (const char* strat : {"approach2", "hardened"}) {
      const RunResult shared = run_world(sc.params, ts(strat));
      sim::js::set_realm_per_incarnation(true);
      const RunResult fresh = run_world(sc.params, ts(strat));
      sim::js::set_realm_per_incarnation(false);
      CHECK(shared.traceHash == fresh.traceHash);
    }
  }
}

TEST_CASE("js: each incarnation starts from the realm's globals: what the previous one added or replaced is gone", "[js]") {
  // Each incarnation logs how many incarnations it can see through globals it adds and replaces
  // (PendingLoaded records, code 14): always 1 when the realm's reset removes them. The top-level
  // counter is bumped from inside a function that is called often enough to be JIT-compiled.
  const std::string bundle = write_bundle("globals", R"JS(
    (() => {
      const bump = (g) => { g.seenIncarnations = (g.seenIncarnations || 0) + 1; };
      for (let i = 0; i < 2000; i++) bump({});
      bump(globalThis);
      const replaced = typeof globalThis.Headers === 'number' ? globalThis.Headers + 1 : 1;
      globalThis.Headers = replaced;
      __syncsim.log(14, 0, globalThis.seenIncarnations * 1000 + replaced);
      chrome.runtime.onInstalled.addListener(() => chrome.alarms.create('sync', { periodInMinutes: 1 }));
      chrome.alarms.onAlarm.addListener(() => undefined);
    })();
  )JS");
  const auto strategy = sim::js::js_strategy_for_bundle(bundle, "approach2");
  REQUIRE(strategy);
  WorldParams p;
  p.durationMs = 10 * kMinute;
  p.sessions = std::vector<PlannedSession>{};
  World w(p, *strategy, true);
  w.run();
  std::size_t loads = 0;
  for (const auto& r : w.trace.records()) {
    if (r.kind != TraceKind::Core || r.detail != static_cast<std::uint16_t>(core::LogCode::PendingLoaded)) continue;
    ++loads;
    CHECK(r.b == 1001);
  }
  CHECK(loads >= 3);
  CHECK(count(w, TraceKind::WorkerStart) == loads);
}

TEST_CASE("js: a worker kill drops the pending promises and nothing of the incarnation resumes", "[js]") {
  // On install: a fetch, then (after it) a storage write. The worker dies while the fetch is in
  // flight: the answer is dropped, the write never happens, no error surfaces.
  const std::string bundle = write_bundle("kill", R"JS(
    (() => {
      chrome.runtime.onInstalled.addListener(async () => {
        await fetch('https://api.worktime.example/api/activities', { method: 'POST', body: '{"activities":[1]}' });
        await chrome.storage.local.set({ pendingActivities: [{ localId: '7', at: Date.now() }] });
      });
    })();
  )JS");
  const auto strategy = sim::js::js_strategy_for_bundle(bundle, "approach2");
  REQUIRE(strategy);
  WorldParams p;
  p.durationMs = 10 * kMinute;
  p.sessions = std::vector<PlannedSession>{};
  p.network.latencyMedianMs = 2000;  // the answer takes a while
  World w(p, *strategy, true);
  const auto errorsBefore = sim::js::uncaught_errors();
  w.start();
  while (count(w, TraceKind::FetchSend) == 0 && w.sched.step()) {
  }
  REQUIRE(count(w, TraceKind::FetchSend) == 1);
  auto* ext = dynamic_cast<sim::js::JsExtension*>(w.worker.extension());
  REQUIRE(ext);
  CHECK(ext->pending_host_calls() == 1);
  w.worker.kill(StopReason::Crash);
  w.sched.run_until(p.durationMs);
  CHECK(count(w, TraceKind::FetchDone, 3) == 1);  // the answer arrived for a dead incarnation: dropped
  CHECK(count(w, TraceKind::StorageSet) == 0);
  CHECK(w.storage.state().pendingActivities.empty());
  CHECK(sim::js::uncaught_errors() == errorsBefore);

  // The same world without the kill: the write happens.
  World alive(p, *strategy, true);
  alive.run();
  CHECK(alive.storage.state().pendingActivities.size() == 1);
}

TEST_CASE("js: the same world twice gives the same trace, on one thread or two at once", "[js]") {
  const WorldParams p = swarm_world(7);
  for (const char* strat : {"approach2", "hardened"}) {
    const auto s = ts(strat);
    const RunResult a = run_world(p, s);
    const RunResult b = run_world(p, s);
    CHECK(a.traceHash == b.traceHash);
    std::uint64_t t1 = 0, t2 = 0;
    std::thread x([&] { t1 = run_world(p, s).traceHash; });
    std::thread y([&] { t2 = run_world(p, s).traceHash; });
    x.join();
    y.join();
    CHECK(t1 == a.traceHash);
    CHECK(t2 == a.traceHash);
  }
}
