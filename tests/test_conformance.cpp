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
  CHECK(verdict(measured("storage_set_100b_ms", 0.2, 0.3, 0.8)) == C::Differs);  // the model's 1-5 ms
  CHECK(verdict(measured("resets.fetch", false)) == C::Match);
  CHECK(verdict(measured("resets.fetch", true)) == C::Differs);
  CHECK(verdict(measured("relaunch_on_startup_fires", false)) == C::Explained);
  CHECK(verdict(json{{"id", "cold_start_ms"}, {"measured", false}, {"reason", "no browser"}}) == C::NotMeasured);
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
