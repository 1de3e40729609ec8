#pragma once
// The world model against real Chromium: reads the conformance suite's measurement
// (tests/conformance, conformance.json) and the model's defaults (sim/world/params.hpp), and
// says per behaviour whether they match, differ (both values), or the model does not model it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/world/params.hpp"

namespace syncsim::reports {

enum class Conformance { Match, Differs, Explained, NotModelled, NotMeasured };
const char* conformance_name(Conformance c);

struct ConformanceRow {
  std::string id;
  std::string measured;  // as measured: a value, or min-median-max
  std::string model;     // what the world does by default
  Conformance verdict = Conformance::NotMeasured;
  std::string note;      // why it differs and what was done, or why it is not modelled
};

// `doc` is conformance.json; throws std::runtime_error naming the field when it is malformed.
std::vector<ConformanceRow> compare_conformance(const nlohmann::json& doc, const sim::BrowserParams& model);
// Several runs (say, on an idle and a loaded machine): a latency is judged against the union of
// the runs' ranges, any other behaviour must hold in every run.
std::vector<ConformanceRow> compare_conformance(const std::vector<nlohmann::json>& docs, const sim::BrowserParams& model);

// docs/conformance.md: the table, with the Chromium version and date of the measurement.
// `previous` is the file being replaced: from its line kConformanceKeptMarker on, its text is
// kept (hand-written sections, such as the story's, survive a re-measurement).
std::string conformance_markdown(const nlohmann::json& doc, const std::vector<ConformanceRow>& rows,
                                 const std::string& previous = {});
std::string conformance_markdown(const std::vector<nlohmann::json>& docs, const std::vector<ConformanceRow>& rows,
                                 const std::string& previous = {});
inline constexpr const char* kConformanceKeptMarker = "<!-- kept by syncsim conformance: written by hand below -->";

}  // namespace syncsim::reports
