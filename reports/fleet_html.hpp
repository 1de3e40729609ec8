#pragma once
// fleet.html: the fleet's summary and its load over time, one self-contained page that opens
// offline (the same skeleton and strategy colours as report.html, from html_page.hpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "html_page.hpp"
#include "sim/explore/fleet.hpp"

namespace syncsim::reports {

// The chart specs, keyed by chart id (also usable by tests without a browser): the load on the
// backend per minute, one panel per strategy, and the requests refused for capacity per minute
// (only when the capacity is finite). `results[i]` is the fleet of `strategies[i]`.
nlohmann::json fleet_chart_specs(const sim::FleetParams& p, const std::vector<std::string>& strategies,
                                 const std::vector<sim::FleetResult>& results);

std::string fleet_html(const sim::FleetParams& p, const std::vector<std::string>& strategies,
                       const std::vector<sim::FleetResult>& results, const std::string& summaryMarkdown,
                       const WebAssets& assets);

}  // namespace syncsim::reports
