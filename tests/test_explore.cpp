// Exploration as a library, without the command line: a sweep, its failures grouped, one group
// shrunk and written as a found case that replays.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "sim/explore/output_dir.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "sim/explore/failure_groups.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/shrink.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/explore/sweep.hpp"
#include "sim/check/run_world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {
bool violates(const WorldParams& p, const core::StrategyConfig& s, Property target) {
  const auto v = violated_properties(run_world(p, s).violations);
  return std::find(v.begin(), v.end(), target) != v.end();
}
}  // namespace

TEST_CASE("explore: a sweep, grouped and shrunk through the API", "[explore]") {
  SweepOptions o;
  o.strategy = "approach2";
  // The classic swarm: its worlds are a day long, so shrinking one stays quick under the
  // sanitizers (a wide world can be 90 days). The wide swarm is the gate tests' and check's.
  o.swarm = SwarmSpec{SwarmKind::Classic, std::nullopt};
  o.seeds = 30;
  o.jobs = 1;
  const Sweep one = run_sweep(o);
  o.jobs = 2;
  std::size_t lastDone = 0;
  const Sweep two = run_sweep(o, [&](std::size_t done, std::size_t total) {
    CHECK(total == 30);
    lastDone = std::max(lastDone, done);
  });
  CHECK(lastDone == 30);
  REQUIRE(one.ran == 30);
  CHECK(one.violated == two.violated);  // the result does not depend on the threads

  // Three shards, each through its partial's JSON, merge into the same sweep.
  Partials parts;
  parts.kind = "check";
  for (std::uint64_t i = 0; i < 3; ++i) {
    SweepOptions s = o;
    s.shard = i;
    s.shards = 3;
    const Sweep shard = run_sweep(s);
    CHECK(shard.ran == 10);
    parts.files.push_back("partial-" + std::to_string(i));
    parts.docs.push_back(nlohmann::json::parse(check_partial_json(shard, "test").dump()));
  }
  std::string error;
  const auto merged = merge_check_partials(parts, "test", error);
  REQUIRE(merged);
  CHECK(merged->violated == one.violated);
  parts.docs.pop_back();
  CHECK_FALSE(merge_check_partials(parts, "test", error));
  CHECK(error.find("partial-0: /shards: expected an integer in [2, 2], found the number 3") == 0);

  const FailureGroups g = group_failures(one);
  CHECK(g.runs == 30);
  REQUIRE(g.failing > 0);  // approach2 violates properties on most swarm seeds
  REQUIRE_FALSE(g.groups.empty());
  CHECK(std::accumulate(g.groups.begin(), g.groups.end(), std::uint64_t{0},
                        [](std::uint64_t n, const FailureGroup& x) { return n + x.runs; }) == g.failing);
  CHECK(std::is_sorted(g.groups.begin(), g.groups.end(),
                       [](const FailureGroup& a, const FailureGroup& b) { return a.signature < b.signature; }));
  for (const auto& group : g.groups) {
    CHECK(group.signature == failure_signature(group.properties));
    CHECK(one.violated.at(group.firstSeed - o.from) == group.properties);
  }

  // Shrink the group with the fewest runs; the smaller world still violates its property.
  const auto strategy = sweep_strategy(o.strategy, o.mutant);
  REQUIRE(strategy);
  const FailureGroup& rare = *std::min_element(g.groups.begin(), g.groups.end(),
                                               [](const FailureGroup& a, const FailureGroup& b) { return a.runs < b.runs; });
  const FoundCase c = found_case(*strategy, rare);
  CHECK(c.name == "approach2-" + rare.signature + "-seed" + std::to_string(rare.firstSeed));
  CHECK(violates(c.world, *strategy, rare.properties.front()));
  const WorldParams full = materialize(o.swarm.world(rare.firstSeed));
  CHECK(c.world.faults.size() <= full.faults.size());
  CHECK(c.world.sessions->size() <= full.sessions->size());

  // Written as a scenario file, it loads and replays to its recorded trace hash.
  const auto load = parse_scenario(found_case_json(c).dump(2), c.name + ".json");
  REQUIRE(load.scenario);
  REQUIRE(load.scenario->traceHash);
  CHECK(run_world(load.scenario->params, *strategy).traceHash == *load.scenario->traceHash);
  std::string why;
  CHECK(matches_expectation(*load.scenario, "approach2", run_world(load.scenario->params, *strategy).violations, why));
}

TEST_CASE("explore: an unknown strategy or mutant is refused", "[explore]") {
  CHECK_FALSE(sweep_strategy("approach3", ""));
  CHECK_FALSE(sweep_strategy("hardened", "no_such_defect"));
  REQUIRE(sweep_strategy("hardened", "skips_end_request"));
  CHECK(sweep_strategy("hardened", "skips_end_request")->mutation == core::Mutation::SkipsEndRequest);
  SweepOptions o;
  o.strategy = "approach3";
  CHECK_THROWS_AS(run_sweep(o), std::invalid_argument);
  o.strategy = "hardened";
  o.shard = 2;
  o.shards = 2;
  CHECK_THROWS_AS(run_sweep(o), std::invalid_argument);
}

TEST_CASE("an output directory appears whole or not at all, and replaces only its own kind", "[explore][hostile]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / ("syncsim-outdir-test-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  const std::string out = (root / "out").string();
  std::string error;
  auto write = [](const std::string& path, const char* text) { std::ofstream(path) << text; };
  {  // Stopped before commit (an error, SIGINT unwinding): nothing at the path, no staging left.
    OutputDir d(out, "check");
    REQUIRE(d.open(error));
    write(d.file("a.json"), "{}");
  }
  CHECK_FALSE(fs::exists(out));
  CHECK(std::distance(fs::directory_iterator(root), fs::directory_iterator()) == 0);
  {
    OutputDir d(out, "check");
    REQUIRE(d.open(error));
    write(d.file("old.json"), "{}");
    REQUIRE(d.commit(error));
  }
  CHECK(fs::exists(fs::path(out) / "old.json"));
  CHECK(fs::exists(fs::path(out) / kManifestName));
  CHECK(output_dir_usable(out, error));  // syncsim's own: may be replaced
  {  // A second run that stops: the first run's output is untouched.
    OutputDir d(out, "check");
    REQUIRE(d.open(error));
    write(d.file("new.json"), "{}");
  }
  CHECK(fs::exists(fs::path(out) / "old.json"));
  {  // A second run that completes: nothing of the first stays.
    OutputDir d(out, "check");
    REQUIRE(d.open(error));
    write(d.file("new.json"), "{}");
    REQUIRE(d.commit(error));
  }
  CHECK_FALSE(fs::exists(fs::path(out) / "old.json"));
  CHECK(fs::exists(fs::path(out) / "new.json"));
  // Not syncsim's: refused before any work, and never replaced.
  write((root / "file").string(), "x");
  CHECK_FALSE(output_dir_usable((root / "file").string(), error));
  CHECK(error.find("found a file") != std::string::npos);
  CHECK_FALSE(output_dir_usable((root / "file" / "sub").string(), error));
  fs::create_directories(root / "theirs");
  write((root / "theirs" / "notes.txt").string(), "x");
  CHECK_FALSE(output_dir_usable((root / "theirs").string(), error));
  CHECK_FALSE(output_dir_usable(".", error));
  CHECK(output_dir_usable((root / "new" / "deeper").string(), error));
  fs::remove_all(root);
}
