// Malformed scenario files: each problem named by file, JSON pointer, expected and found.
#include <catch2/catch.hpp>

#include "sim/explore/duration.hpp"
#include "sim/explore/scenario.hpp"

using namespace syncsim::sim;

namespace {
const char* kValid = R"({"version": 1, "name": "x", "duration": "2h"})";

ScenarioError only_error(const std::string& text) {
  const auto l = parse_scenario(text, "bad.json");
  INFO(text);
  REQUIRE_FALSE(l.scenario);
  REQUIRE(l.errors.size() >= 1);
  for (const auto& e : l.errors) {
    CHECK(e.file == "bad.json");
    CHECK_FALSE(e.expected.empty());
    CHECK_FALSE(e.found.empty());
  }
  return l.errors.front();
}
}  // namespace

TEST_CASE("a minimal valid scenario loads with the defaults", "[scenario-file]") {
  const auto l = parse_scenario(kValid, "ok.json");
  REQUIRE(l.scenario);
  CHECK(l.scenario->params.durationMs == 2 * kHour);
  CHECK(l.scenario->strategy == "approach2");
}

TEST_CASE("malformed scenario files are rejected with the field named", "[scenario-file]") {
  struct Case {
    const char* text;
    const char* pointer;
    const char* expectedContains;
  };
  const Case cases[] = {
      {R"({"version": 1, "name": "x", "duration": "2h")", "", "JSON"},                                   // bad JSON
      {R"([1, 2])", "", "object"},                                                                      // not an object
      {R"({"version": 2, "name": "x", "duration": "2h"})", "/version", "1"},                            // version
      {R"({"version": 1, "name": 5, "duration": "2h"})", "/name", "string"},                            // wrong type
      {R"({"version": 1, "name": "x", "duration": "2h", "sead": 4})", "/sead", "known fields"},         // unknown field
      {R"({"version": 1, "name": "x", "duration": "-5m"})", "/duration", "duration"},                   // negative duration
      {R"({"version": 1, "name": "x", "duration": "0s"})", "/duration", "> 0"},                         // zero duration
      {R"({"version": 1, "name": "x", "duration": 7200})", "/duration", "duration string"},             // number for duration
      {R"({"version": 1, "name": "x", "duration": "2h", "strategy": "approach3"})", "/strategy", "approach2"},  // unknown strategy
      {R"({"version": 1, "name": "x", "duration": "2h", "faults": [{"kind": "meteor", "at": "1h"}]})", "/faults/0/kind", "offline"},
      {R"({"version": 1, "name": "x", "duration": "2h", "faults": [{"kind": "offline", "at": "3h", "duration": "5m"}]})", "/faults/0/at", "before the end"},
      {R"({"version": 1, "name": "x", "duration": "2h", "faults": [{"kind": "offline", "at": "1h"}]})", "/faults/0/duration", "duration"},
      {R"({"version": 1, "name": "x", "duration": "2h", "faults": [{"kind": "worker_crash", "at": "1h", "status": 500}]})", "/faults/0/status", "no status"},
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"network": {"request_loss": 1.5}}})", "/world/network/request_loss", "[0, 1]"},
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"netwerk": {}}})", "/world/netwerk", "known fields"},
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"backend": {"idempotency": "maybe"}}})", "/world/backend/idempotency", "key"},
      {R"({"version": 1, "name": "x", "duration": "2h", "expect": {"approach2": {"violated": ["no_bugs"]}}})", "/expect/approach2/violated/0", "property"},
      {R"({"version": 1, "name": "x", "duration": "2h", "fault_rates": {"offline": {"per_hour": -1}}})", "/fault_rates/offline/per_hour", "number"},
      {R"({"version": 1, "name": "x", "duration": "2h", "trace_hash": "xyz"})", "/trace_hash", "hex"},
      {R"({"version": 1, "duration": "2h"})", "/name", "name"},                                          // missing required field
  };
  for (const auto& c : cases) {
    const ScenarioError e = only_error(c.text);
    INFO(c.text << "\n -> " << e.message());
    CHECK(e.pointer == c.pointer);
    CHECK(e.expected.find(c.expectedContains) != std::string::npos);
  }
}

TEST_CASE("all the problems of a file are reported, not just the first", "[scenario-file]") {
  const auto l = parse_scenario(R"({"version": 1, "name": 3, "duration": "x", "bogus": true})", "bad.json");
  REQUIRE_FALSE(l.scenario);
  CHECK(l.errors.size() == 3);
}

TEST_CASE("durations", "[scenario-file]") {
  CHECK(parse_duration("250ms") == 250);
  CHECK(parse_duration("30s") == 30000);
  CHECK(parse_duration("10m") == 600000);
  CHECK(parse_duration("2h") == 7200000);
  CHECK(parse_duration("1d") == kDay);
  CHECK_FALSE(parse_duration("10"));
  CHECK_FALSE(parse_duration("m"));
  CHECK_FALSE(parse_duration("5 m"));
  CHECK(format_duration(90 * kMinute) == "90m");
  CHECK(format_duration(1500) == "1500ms");
}
