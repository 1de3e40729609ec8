// The model-vs-Chromium comparison (reports/conformance.cpp) on hand-made measurements.
#include <catch2/catch.hpp>

#include "reports/conformance.hpp"

using namespace syncsim;
using nlohmann::json;

namespace {
json measured(const char* id, double lo, double median, double hi) {
  return {{"id", id}, {"measured", true}, {"repetitions", 3}, {"values", {lo, median, hi}}, {"min", lo}, {"median", median}, {"max", hi}};
}
json measured(const char* id, json value) {
  return {{"id", id}, {"measured", true}, {"repetitions", 1}, {"values", {value}}, {"value", value}};
}
reports::Conformance verdict(const json& rec) {
  const auto rows = reports::compare_conformance(json{{"behaviours", {rec}}}, sim::BrowserParams{});
  REQUIRE(rows.size() == 1);
  return rows[0].verdict;
}
}  // namespace

TEST_CASE("conformance: numbers match within the measured range, booleans exactly", "[conformance]") {
  using C = reports::Conformance;
  CHECK(verdict(measured("idle_timeout_ms", 30003, 30005, 30011)) == C::Match);
  CHECK(verdict(measured("idle_timeout_ms", 45000, 45000, 45000)) == C::Differs);
  CHECK(verdict(measured("storage_set_100b_ms", 0.2, 0.7, 2.8)) == C::Match);    // U[0, 3] ms covers it
  CHECK(verdict(measured("storage_set_100b_ms", 4, 6, 9)) == C::Differs);        // slower than the model
  CHECK(verdict(measured("storage_set_100b_ms", 0.1, 0.2, 0.3)) == C::Differs);  // the model is far wider
  CHECK(verdict(measured("cold_start_ms", 30, 33, 41)) == C::Match);
  CHECK(verdict(measured("cold_start_ms", 80, 90, 120)) == C::Differs);
  CHECK(verdict(measured("resets.fetch", false)) == C::Match);
  CHECK(verdict(measured("resets.fetch", true)) == C::Differs);
  CHECK(verdict(measured("relaunch_on_startup_fires", false)) == C::Explained);
  CHECK(verdict(json{{"id", "cold_start_ms"}, {"measured", false}, {"reason", "no browser"}}) == C::NotMeasured);
}

TEST_CASE("conformance: several runs - a latency against their union, a behaviour in every run", "[conformance]") {
  using C = reports::Conformance;
  const auto run = [](json rec) { return json{{"behaviours", {rec}}}; };
  const auto one = [](const std::vector<json>& docs) {
    const auto rows = reports::compare_conformance(docs, sim::BrowserParams{});
    REQUIRE(rows.size() == 1);
    return rows[0];
  };
  // Each run alone is narrower than the model's U[0, 3] ms; together they span it.
  CHECK(one({run(measured("storage_get_100b_ms", 0.1, 0.3, 0.5))}).verdict == C::Differs);
  const auto both = one({run(measured("storage_get_100b_ms", 0.1, 0.3, 0.5)), run(measured("storage_get_100b_ms", 0.8, 1, 2.2))});
  CHECK(both.verdict == C::Match);
  CHECK(both.measured == "0.1-2.2 (medians 0.3, 1; n=6 in 2 runs)");
  // A behaviour that holds in one run and not in the other differs.
  CHECK(one({run(measured("resets.fetch", false)), run(measured("resets.fetch", false))}).verdict == C::Match);
  CHECK(one({run(measured("resets.fetch", false)), run(measured("resets.fetch", true))}).verdict == C::Differs);
  // Measured in one run only: judged on that run.
  CHECK(one({run(json{{"id", "resets.fetch"}, {"measured", false}}), run(measured("resets.fetch", false))}).verdict == C::Match);
  // An error names the run it is in.
  CHECK_THROWS_WITH(reports::compare_conformance(std::vector<json>{run(measured("resets.fetch", false)), json{{"behaviours", 3}}},
                                                 sim::BrowserParams{}),
                    Catch::Contains("run 2: /behaviours"));
}

TEST_CASE("conformance: a malformed measurement names the field", "[conformance]") {
  CHECK_THROWS_WITH(reports::compare_conformance(json{{"behaviours", 3}}, sim::BrowserParams{}),
                    Catch::Contains("/behaviours"));
  CHECK_THROWS_WITH(reports::compare_conformance(json{{"behaviours", {json{{"measured", true}}}}}, sim::BrowserParams{}),
                    Catch::Contains("/behaviours/0/id"));
}

TEST_CASE("conformance: the Markdown keeps the replaced file's hand-written tail", "[conformance]") {
  const json doc{{"behaviours", json::array()}, {"chromium", "Chromium 1"}, {"date", "d"}, {"mode", "full"}};
  const std::string tail = std::string(reports::kConformanceKeptMarker) + "\n## The story\nby hand\n";
  const std::string fresh = reports::conformance_markdown(doc, {});
  CHECK(fresh.find("by hand") == std::string::npos);
  const std::string again = reports::conformance_markdown(doc, {}, "# old table\n| x |\n" + tail);
  CHECK(again == fresh + "\n" + tail);
  CHECK(again.find("old table") == std::string::npos);
  // Without the marker at a line's start, nothing is kept.
  CHECK(reports::conformance_markdown(doc, {}, "old " + tail) == fresh);
}
