// rapidcheck stateful exploration: commands are user actions and faults with time passing
// between them. Each command sequence is written down as a world (explicit reviews and
// faults) and run; hardened must hold every property, and approach2 must be caught, its
// failure shrunk to a minimal command sequence and saved as a scenario file that replays.
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/scenario_writer.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {

struct Model {
  int open = 0;
};

// The system under test is the script of a day being written.
struct Script {
  WorldParams p;
  Time t = 10 * kSecond;
  std::vector<std::size_t> open;  // indices into p.sessions of reviews still open
  Script() {
    p.sessions.emplace();
    p.drainMs = 30 * kMinute;
  }
};

using Cmd = rc::state::Command<Model, Script>;

Time gen_wait() { return *rc::gen::inRange<Time>(1 * kSecond, 15 * kMinute); }
Time gen_window() { return *rc::gen::inRange<Time>(5 * kSecond, 45 * kMinute); }

struct OpenTab : Cmd {
  Time wait = gen_wait();
  void apply(Model& m) const override { ++m.open; }
  void run(const Model&, Script& s) const override {
    s.t += wait;
    s.p.sessions->push_back(PlannedSession{0, s.t, s.t + kDay, 1 + static_cast<std::uint32_t>(s.open.size() % 7), 100});
    s.open.push_back(s.p.sessions->size() - 1);
  }
  void show(std::ostream& os) const override { os << "OpenTab after " << wait << " ms"; }
};

struct CloseTab : Cmd {
  Time wait = gen_wait();
  std::size_t which = *rc::gen::inRange<std::size_t>(0, 1000);
  void checkPreconditions(const Model& m) const override { RC_PRE(m.open > 0); }
  void apply(Model& m) const override { --m.open; }
  void run(const Model&, Script& s) const override {
    s.t += wait;
    const std::size_t k = which % s.open.size();
    (*s.p.sessions)[s.open[k]].closeAt = s.t;
    s.open.erase(s.open.begin() + static_cast<std::ptrdiff_t>(k));
  }
  void show(std::ostream& os) const override { os << "CloseTab #" << which << " after " << wait << " ms"; }
};

// One command per fault kind: wait, then the fault (with a window where it has one).
struct InjectFault : Cmd {
  Time wait = gen_wait();
  FaultKind kind = static_cast<FaultKind>(*rc::gen::inRange(0, static_cast<int>(FaultKind::Count_)));
  Time window = gen_window();
  int status = *rc::gen::element(500, 503);
  bool alarmsLost = *rc::gen::arbitrary<bool>();
  void apply(Model& m) const override {
    if (kind == FaultKind::BrowserRestart) m.open = 0;  // the browser closes every tab
  }
  void run(const Model&, Script& s) const override {
    s.t += wait;
    Fault f;
    f.kind = kind;
    f.at = s.t;
    f.duration = fault_has_duration(kind) ? window : 0;
    f.status = status;
    f.alarmsLost = alarmsLost;
    f.retryAfterMs = 30 * kSecond;
    f.probability = 0.5;
    s.p.faults.push_back(f);
    if (kind == FaultKind::BrowserRestart) {
      for (std::size_t i : s.open) (*s.p.sessions)[i].closeAt = s.t + kSecond;  // gone; the close is a no-op
      s.open.clear();
    }
  }
  void show(std::ostream& os) const override {
    os << fault_kind_name(kind) << " after " << wait << " ms";
    if (fault_has_duration(kind)) os << " for " << window << " ms";
  }
};

WorldParams finish_script(Script s) {
  s.t += kMinute;
  for (std::size_t i : s.open) (*s.p.sessions)[i].closeAt = s.t;
  for (auto& x : *s.p.sessions) x.closeAt = std::min(x.closeAt, s.t);
  s.p.durationMs = s.t + kMinute;
  return s.p;
}

// Runs the generated day; remembers the last failing one (after shrinking, the minimal one).
bool holds(const WorldParams& p, const core::StrategyConfig& strategy, std::optional<WorldParams>& lastFailing) {
  const RunResult r = run_world(p, strategy);
  if (!r.violations.empty()) lastFailing = p;
  return r.violations.empty();
}

bool explore(const core::StrategyConfig& strategy, std::optional<WorldParams>& lastFailing) {
  return rc::check(std::string("properties hold for ") + std::string(strategy.name), [&] {
    const auto cmds = *rc::state::gen::commands(Model{}, rc::state::gen::execOneOfWithArgs<OpenTab, OpenTab, CloseTab, CloseTab, InjectFault>());
    Script s;
    rc::state::runAll(cmds, Model{}, s);
    RC_ASSERT(holds(finish_script(s), strategy, lastFailing));
  });
}

}  // namespace

TEST_CASE("stateful exploration: hardened holds every property", "[stateful]") {
  std::optional<WorldParams> failing;
  CHECK(explore(*core::strategy_by_name("hardened"), failing));
}

TEST_CASE("stateful exploration: approach2 is caught, shrunk, and the counterexample replays from a file",
          "[stateful]") {
  const auto approach2 = *core::strategy_by_name("approach2");
  std::optional<WorldParams> failing;
  REQUIRE_FALSE(explore(approach2, failing));
  REQUIRE(failing);
  const RunResult r = run_world(*failing, approach2);
  REQUIRE_FALSE(r.violations.empty());
  CHECK(failing->sessions->size() <= 3);  // shrinking leaves a small day

  // Written as a scenario file, loaded back, it replays to the same trace.
  const auto dir = std::filesystem::temp_directory_path() / "syncsim-stateful";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "approach2-minimal.json").string();
  auto doc = scenario_json("approach2-minimal", "shrunk by rapidcheck", "approach2", *failing);
  doc["trace_hash"] = fmt::format("{:016x}", r.traceHash);
  std::ofstream(path) << doc.dump(2) << "\n";
  const auto l = load_scenario(path);
  for (const auto& e : l.errors) UNSCOPED_INFO(e.message());
  REQUIRE(l.scenario);
  const RunResult again = run_world(l.scenario->params, approach2);
  CHECK(again.traceHash == r.traceHash);
  CHECK(violated_properties(again.violations) == violated_properties(r.violations));
}
