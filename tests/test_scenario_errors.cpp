// Malformed scenario files: each problem named by file, JSON pointer, expected and found.
#include <catch2/catch.hpp>

#include "sim/explore/duration.hpp"
#include "sim/explore/scenario.hpp"

using namespace syncsim::sim;

namespace {
const char* kValid = R"({"version": 1, "name": "x", "duration": "12h"})";

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
  CHECK(l.scenario->params.durationMs == 12 * kHour);
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
      // Latency ranges: max below min.
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"browser": {"worker_start_min": "60ms", "worker_start_max": "40ms"}}})", "/world/browser/worker_start_max", "worker_start_min"},
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"browser": {"tab_removed_delay_min": "1s", "tab_removed_delay_max": "1ms"}}})", "/world/browser/tab_removed_delay_max", "tab_removed_delay_min"},
      // A workload in which no review can open tests nothing: midnight to 8:00, reviews from 9:00.
      {R"({"version": 1, "name": "x", "duration": "8h"})", "/duration", "at least one review"},
      {R"({"version": 1, "name": "x", "duration": "2h", "world": {"user": {"sessions": []}}})", "/world/user/sessions",
       "at least one review"},
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

TEST_CASE("durations never wrap: each is at most kMaxDuration, checked before multiplying", "[scenario-file][hostile]") {
  CHECK(parse_duration("3660d") == kMaxDuration);
  CHECK_FALSE(parse_duration("3661d"));
  CHECK_FALSE(parse_duration("213503982335d"));  // wrapped to about 9.6 h before
  CHECK_FALSE(parse_duration("999999999999d"));  // wrapped below zero before
  CHECK_FALSE(parse_duration("9223372036854775807ms"));
  CHECK_FALSE(parse_duration("99999999999999999999999999s"));
  CHECK(parse_duration("0000000000000000000001s") == kSecond);  // leading zeros do not count
}

TEST_CASE("hostile scenario text: one clean error naming the pointer, never an exception", "[scenario-file][hostile]") {
  struct Case {
    std::string text;
    const char* pointer;
    const char* expectedContains;
  };
  const std::string head = R"({"version": 1, "name": "x", )";
  const Case cases[] = {
      {head + R"("duration": "2h", "world": {"network": {"latency_sigma": 1e400}}})", "/world/network/latency_sigma", "double"},
      {head + R"("duration": "2h", "faults": [{"kind": "offline", "at": -1e999, "duration": "1m"}]})", "/faults/0/at", "double"},
      {head + R"("duration": "2h", "expect": {"hardened": {"violated": [1e400]}}})", "/expect/hardened/violated/0", "double"},
      {R"({"version": 1, "name": "a", "name": "b", "duration": "2h"})", "/name", "each key once"},
      {head + R"("duration": "2h", "world": {"user": {"repos": 3, "repos": 4}}})", "/world/user/repos", "each key once"},
      {head + R"("duration": "2h", "a/b": 1, "a/b": 2})", "/a~1b", "each key once"},
      {R"({"version": 1, "name": "", "duration": "2h"})", "/name", "1 to 200 bytes"},
      {head + R"("duration": "213503982335d"})", "/duration", "at most 3660d"},
      {head + R"("duration": "999999999999d"})", "/duration", "at most 3660d"},
      {head + R"("duration": "2h", "drain": "99999999999d"})", "/drain", "at most 3660d"},
      {head + R"("duration": "2h", "drain": "8d"})", "/drain", "at most 7d"},
      {head + R"("duration": "2h", "faults": [{"kind": "offline", "at": "1h", "duration": "99999999999d"}]})", "/faults/0/duration", "at most"},
      {head + R"("duration": "2h", "world": {"network": {"server_time": "213503982335d"}}})", "/world/network/server_time", "at most"},
      {head + R"("duration": "366d", "world": {"user": {"activity_interval": "1ms"}}})", "/world/user/activity_interval", ">= 1s"},
      {head + R"("duration": "2h", "world": {"browser": {"alarm_min_period": "999ms"}}})", "/world/browser/alarm_min_period", ">= 1s"},
      {head + R"("duration": "366d", "world": {"user": {"sessions_per_day": 100000}}})", "", "events"},
      {std::string(100, '[') + std::string(100, ']'), "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0", "nesting at most 32"},
      {head + R"("duration": "2h", "description": )" + std::string(200000, '[') + std::string(200000, ']') + "}", "/description/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0", "nesting at most 32"},
  };
  for (const auto& c : cases) {
    const ScenarioError e = only_error(c.text);
    INFO(c.text.substr(0, 200) << "\n -> " << e.message());
    CHECK(e.pointer == c.pointer);
    CHECK(e.expected.find(c.expectedContains) != std::string::npos);
  }
}

TEST_CASE("the explicit review list is bounded", "[scenario-file][hostile]") {
  std::string sessions;
  for (std::size_t i = 0; i <= kMaxSessions; ++i) sessions += std::string(i ? "," : "") + R"({"open": "1s", "close": "2s"})";
  const ScenarioError e =
      only_error(R"({"version": 1, "name": "x", "duration": "2h", "world": {"user": {"sessions": [)" + sessions + "]}}}");
  CHECK(e.pointer == "/world/user/sessions");
  CHECK(e.expected == "at most 10000 reviews");
}

TEST_CASE("a directory or a missing file given as a scenario file", "[scenario-file][hostile]") {
  const auto l = load_scenario(".");
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].expected == "a file");
  CHECK(l.errors[0].found == "a directory");
  CHECK(load_scenario("no/such/file.json").errors.at(0).found == "no such file or no permission");
}
