// The report's figures on hand-made runs whose answers are known.
#include <catch2/catch.hpp>

#include "reports/aggregate.hpp"
#include "reports/checklist.hpp"
#include "reports/html_report.hpp"
#include "reports/report.hpp"
#include "reports/summary.hpp"

using namespace syncsim;
using namespace syncsim::reports;

namespace {
RunRow hand_made(const std::string& strategy) {
  RunRow r;
  r.scenario = "hand-made";
  r.strategy = strategy;
  r.seed = 1;
  r.workloadMs = 24 * sim::kHour;
  auto& m = r.metrics;
  m.latencies = {400, 100, 5000, 300, 200};  // unsorted on purpose
  m.sessionsEnded = 5;
  m.sessionsCompleted = 5;
  m.endHandlerMs = {10, 20, 30, 40, 600};
  m.simulatedMs = 2 * sim::kHour;
  m.requests[static_cast<int>(core::Endpoint::StartSession)] = 10;
  m.requests[static_cast<int>(core::Endpoint::EndSession)] = 10;
  m.requests[static_cast<int>(core::Endpoint::Activities)] = 20;
  m.retryGapPairs = 4;
  m.retryGapIncreases = 4;
  return r;
}
}  // namespace

TEST_CASE("percentiles are nearest-rank", "[report]") {
  const std::vector<sim::Time> v = {400, 100, 5000, 300, 200};
  CHECK(percentile(v, 50) == 300);
  CHECK(percentile(v, 80) == 400);
  CHECK(percentile(v, 81) == 5000);
  CHECK(percentile(v, 95) == 5000);
  CHECK(percentile(v, 100) == 5000);
  CHECK(percentile(v, 0) == 100);
  CHECK_FALSE(percentile({}, 50).has_value());  // shown as empty / null / "—", never -1
  std::vector<sim::Time> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  CHECK(percentile(hundred, 95) == 95);
  CHECK(percentile(hundred, 99) == 99);
}

TEST_CASE("aggregated figures: share within 2 s, requests per hour", "[report]") {
  Aggregate a;
  a.add(hand_made("approach2"));
  a.add(hand_made("approach2"));
  CHECK(a.runs == 2);
  CHECK(a.share_within_2s() == Approx(0.8));
  CHECK(a.per_hour(a.requests) == Approx(20.0));  // 80 requests over 4 simulated hours
  CHECK(percentile(a.latencies, 50) == 300);
}

TEST_CASE("the plan's checklist on a known run", "[report]") {
  const auto results = plan_checklist({hand_made("approach2")}, {"approach2"});
  auto find = [&](std::size_t i) {
    for (const auto& c : results)
      if (c.requirement == checklist_requirements()[i]) return c;
    FAIL("missing requirement");
    return ChecklistResult{};
  };
  CHECK_FALSE(find(0).pass);  // 80 % within 2 s < 99 %
  CHECK(find(0).figure == "80.0 % within 2 s");
  CHECK_FALSE(find(1).pass);  // p95 handler 600 ms
  CHECK_FALSE(find(2).pass);  // p95 latency 5000 ms
  CHECK(find(4).pass);        // 20 requests/h <= 60 + 10 start/end per hour
  CHECK(find(5).pass);        // 4 of 4 gaps longer
  CHECK_FALSE(find(6).applicable);  // no malformed session
}

TEST_CASE("metrics.csv has a header and one row per run", "[report]") {
  const std::string csv = metrics_csv({hand_made("baseline"), hand_made("hardened")});
  std::size_t lines = 0;
  for (char c : csv) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 3);
  CHECK(csv.find("scenario,strategy,seed,") == 0);
  CHECK(csv.find("\nhand-made,hardened,1,") != std::string::npos);
}

TEST_CASE("chart specs: five charts, each with data", "[report]") {
  RunRow r = hand_made("approach2");
  r.metrics.samples.push_back({0, 0, 0, 0, 0, 200});
  r.metrics.samples.push_back({sim::kHour, 1, 1, 1, 0, 400});
  r.metrics.requestsPerHour.resize(2);
  r.metrics.requestsPerHour[1][0] = 3;
  r.metrics.retriesPerHour = {0, 2};
  const auto specs = chart_specs(ReportInfo{}, {r}, {"approach2"});
  CHECK(specs.size() == 5);
  for (auto it = specs.begin(); it != specs.end(); ++it) {
    INFO(it.key());
    REQUIRE(it.value().contains("data"));
    CHECK_FALSE(it.value()["data"]["values"].empty());
  }
}

TEST_CASE("a run with no review shows its missing figures as missing, never as -1", "[report]") {
  RunRow r = hand_made("approach2");
  r.metrics.latencies.clear();
  r.metrics.endHandlerMs.clear();
  r.metrics.sessionsEnded = r.metrics.sessionsCompleted = 0;
  const nlohmann::json j = metrics_json(r.metrics);
  CHECK(j["latency_ms"]["p50"].is_null());
  CHECK(j["end_handler_ms"]["p95"].is_null());
  sim::RunResult run;
  run.metrics = r.metrics;
  const std::string text = run_text(RunInfo{"hand-made", "approach2", 1}, run);
  CHECK(text.find("latency p50 —, p95 —, max —; endSession handler p95 —") != std::string::npos);
  CHECK(text.find("-1") == std::string::npos);
  const std::string csv = metrics_csv({r});
  const std::string row = csv.substr(csv.find('\n') + 1);
  // scenario,strategy,seed,hash,violated,ended,completed, then p50,p95,p99,max empty
  CHECK(row.find(",0,0,,,,,") != std::string::npos);
  CHECK(row.find("-1") == std::string::npos);
}
