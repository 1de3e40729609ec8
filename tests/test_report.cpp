// The report's figures on hand-made runs whose answers are known.
#include <catch2/catch.hpp>

#include "reports/aggregate.hpp"
#include "reports/checklist.hpp"
#include "reports/html_report.hpp"
#include "reports/histogram.hpp"
#include "reports/intervals.hpp"
#include "reports/report.hpp"
#include "reports/report_accumulator.hpp"
#include "reports/report_runs.hpp"
#include "reports/summary.hpp"
#include "reports/verdict.hpp"
#include "sim/explore/scenario.hpp"

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

ReportAccumulator accumulate(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  ReportInfo info;
  info.profiles = {"hand-made"};
  info.apiProfile = "hand-made";
  ReportAccumulator acc(info, strategies);
  for (const auto& r : rows) acc.add(r);
  return acc;
}

std::string csv_of(const std::vector<RunRow>& rows) {
  std::string csv = metrics_csv_header();
  for (const auto& r : rows) csv += metrics_csv_row(r);
  return csv;
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
  CHECK(a.latencies.percentile(50) == 300);
  CHECK(a.requestsPerHour.mean() == Approx(20.0));
  CHECK(a.requestsPerHour.count() == 2);
}

TEST_CASE("the histogram is exact below 1,024 ms and within 1/64 above", "[report]") {
  Histogram h;
  CHECK_FALSE(h.percentile(50).has_value());
  for (sim::Time v : {400, 100, 5000, 300, 200}) h.add(v);
  CHECK(h.percentile(50) == 300);
  CHECK(h.percentile(80) == 400);
  CHECK(h.percentile(0) == 100);
  const sim::Time big = *h.percentile(100);
  CHECK(big <= 5000);
  CHECK(big > 5000 - 5000 / 64);
  Histogram wide;
  for (sim::Time v = 1; v <= 1'000'000'000'000; v *= 3) {
    Histogram one;
    one.add(v);
    CHECK(*one.percentile(50) <= v);
    CHECK(*one.percentile(50) >= v - v / 64);
  }
  wide.add(-5);  // clamped, never a crash
  CHECK(wide.percentile(50) == 0);
}

TEST_CASE("a percentile's interval holds it and narrows with more values", "[report]") {
  Histogram small, large;
  for (sim::Time v = 1; v <= 100; ++v) small.add(v);
  for (sim::Time v = 1; v <= 10000; ++v) large.add(v % 1000);
  const auto s = *small.percentile_interval(50);
  CHECK(s.first <= 50);
  CHECK(s.second >= 50);
  CHECK(s.first >= 39);  // ranks 50 -/+ 1.96 * 5
  CHECK(s.second <= 62);
  const auto l = *large.percentile_interval(50);
  CHECK(l.second - l.first < s.second - s.first);
}

TEST_CASE("Wilson intervals and t intervals on known values", "[report]") {
  const Interval none = wilson(0, 10);
  CHECK(none.lo == 0.0);
  CHECK(none.hi == Approx(0.2775).epsilon(0.001));
  const Interval half = wilson(5, 10);
  CHECK(half.lo == Approx(0.2366).epsilon(0.001));
  CHECK(half.hi == Approx(0.7634).epsilon(0.001));
  CHECK(wilson(10, 10).hi == 1.0);
  RunningStat st;
  for (double x : {1.0, 2.0, 3.0, 4.0, 5.0}) st.add(x);
  CHECK(st.mean() == Approx(3.0));
  CHECK(st.stddev() == Approx(1.5811).epsilon(0.001));
  CHECK(st.ci95().lo == Approx(3.0 - 2.776 * 1.5811 / std::sqrt(5.0)).epsilon(0.001));
  RunningStat many;
  for (int i = 0; i < 1000; ++i) many.add(i % 2);
  CHECK(many.ci95().hi - many.mean() == Approx(1.9623 * many.stddev() / std::sqrt(1000.0)).epsilon(0.002));
  CHECK(percent_text(100.0) == "100");
  CHECK(percent_text(0.0068) == "0.007");
  CHECK(percent_text(4.63) == "4.6");
}

TEST_CASE("the verdict follows the figures, not a name", "[report]") {
  RunRow clean = hand_made("approach2"), broken = hand_made("hardened");
  broken.violated = {sim::Property::NothingLost};
  auto verdict = [](const std::vector<RunRow>& rows) {
    const auto acc = accumulate(rows, {"approach2", "hardened"});
    return make_verdict(acc, classify_checklist(plan_checklist(acc), acc.strategies()));
  };
  const Verdict a = verdict({clean, broken});
  CHECK(a.recommended == "approach2");
  REQUIRE(a.strategies.size() == 2);
  CHECK(a.strategies[1].failures.size() == 1);
  CHECK(a.strategies[1].failures[0].runs == 1);
  RunRow clean2 = hand_made("hardened"), broken2 = hand_made("approach2");
  broken2.violated = {sim::Property::NoDuplicates};
  const Verdict b = verdict({broken2, clean2});
  CHECK(b.recommended == "hardened");
  CHECK(b.reasoning.front().find("**Ship `hardened`.**") == 0);
  // Both fail: the one failing fewer runs is named, and the text says none held.
  const Verdict c = verdict({broken, clean2, broken2, broken2});  // hardened fails 1 of 2 runs, approach2 2 of 2
  CHECK(c.recommended == "hardened");
  CHECK(c.reasoning.front().find("No strategy held every property") != std::string::npos);
}

TEST_CASE("checklist failures are classified: defect where another strategy passes", "[report]") {
  RunRow good = hand_made("hardened"), bad = hand_made("approach1");
  for (auto& r : {&good, &bad}) {
    r->metrics.malformedSessions = 2;
    r->metrics.malformedAttempts = 2;
  }
  good.metrics.malformedInDeadLetter = 2;
  const auto acc = accumulate({good, bad}, {"approach1", "hardened"});
  const auto classes = classify_checklist(plan_checklist(acc), acc.strategies());
  for (const auto& c : classes) {
    if (c.requirement != checklist_requirements()[6]) continue;
    if (c.strategy == "hardened") CHECK(c.kind == "pass");
    else CHECK(c.kind == "defect");
  }
  for (const auto& c : classes)  // retries: the plan's form cannot be met under a 1-minute alarm
    if (c.requirement == checklist_requirements()[5] && c.applicable && c.passed < c.applicable)
      CHECK(c.kind == "unachievable as written");
}

TEST_CASE("report rows arrive in index order, the same for any number of threads", "[report]") {
  std::vector<sim::Scenario> scenarios;
  for (const char* name : {"default-day", "short-reviews"}) {
    auto l = sim::load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + name + ".json");
    REQUIRE(l.scenario);
    scenarios.push_back(*l.scenario);
  }
  auto collect = [&](unsigned jobs) {
    std::vector<std::pair<std::size_t, std::uint64_t>> seen;
    run_report(scenarios, {"approach2", "hardened"}, 3, 0, 1, jobs,
               [&](std::size_t i, const RunRow& r) { seen.emplace_back(i, r.traceHash); });
    return seen;
  };
  const auto one = collect(1), two = collect(2);
  REQUIRE(one.size() == 12);
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(one[i].first == i);
  CHECK(one == two);
}

TEST_CASE("the plan's checklist on a known run", "[report]") {
  const auto acc = accumulate({hand_made("approach2")}, {"approach2"});
  const auto results = plan_checklist(acc);
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
  const std::string csv = csv_of({hand_made("baseline"), hand_made("hardened")});
  std::size_t lines = 0;
  for (char c : csv) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 3);
  CHECK(csv.find("scenario,strategy,seed,") == 0);
  CHECK(csv.find("\nhand-made,hardened,1,") != std::string::npos);
}

TEST_CASE("chart specs: six charts, each with data, strategies in their own colours", "[report]") {
  RunRow r = hand_made("approach2");
  r.metrics.samples.push_back({0, 0, 0, 0, 0, 200});
  r.metrics.samples.push_back({sim::kHour, 1, 1, 1, 0, 400});
  r.metrics.requestsPerHour.resize(2);
  r.metrics.requestsPerHour[1][0] = 3;
  r.metrics.retriesPerHour = {0, 2};
  ReportInfo info;
  info.profiles = {"hand-made"};
  info.apiProfile = "hand-made";
  ReportAccumulator acc(info, {"approach2"});
  acc.add(r);
  const auto specs = chart_specs(acc);
  CHECK(specs.size() == 6);
  // Hourly series are zero-filled: hour 0 had no retry and is still a point.
  CHECK(specs["chart-retries"]["data"]["values"][0]["retries"] == 0);
  CHECK(specs["chart-latency"]["encoding"]["color"]["scale"]["range"][0] == strategy_color_scale({"approach2"})["range"][0]);
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
  const std::string csv = csv_of({r});
  const std::string row = csv.substr(csv.find('\n') + 1);
  // scenario,strategy,seed,hash,violated,ended,completed, then p50,p95,p99,max empty
  CHECK(row.find(",0,0,,,,,") != std::string::npos);
  CHECK(row.find("-1") == std::string::npos);
}
