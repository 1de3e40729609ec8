#include "fleet_html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "summary.hpp"

namespace syncsim::reports {

using nlohmann::json;

namespace {

const char* const kTimeTitle = "simulated time (h)";
const char* const kOutageColor = "#fdb863";
const char* const kCapacityColor = "#b2182b";

// Per-second counts summed into minutes, every minute of the run present (zero when nothing
// arrived), so a line never jumps across a gap and the page stays small.
std::vector<std::uint64_t> per_minute(const std::vector<std::uint32_t>& perSecond, std::size_t minutes) {
  std::vector<std::uint64_t> out(minutes, 0);
  for (std::size_t s = 0; s < perSecond.size(); ++s) out[s / 60] += perSecond[s];
  return out;
}

std::size_t run_minutes(const sim::FleetParams& p, const std::vector<sim::FleetResult>& results) {
  // The run lasts the workload plus the drain; the backend's vectors end at its last request.
  auto seconds = static_cast<std::size_t>((p.durationMs + p.drainMs + 999) / 1000);
  for (const auto& r : results) seconds = std::max({seconds, r.arrivalsPerSecond.size(), r.refusedPerSecond.size()});
  return (seconds + 59) / 60;
}

double hours(sim::Time t) { return static_cast<double>(t) / static_cast<double>(sim::kHour); }

// The whole run on the x axis, in whole hours (half hours would crowd the labels at 800 px).
json x_time(double endHours) {
  return {{"field", "hour"}, {"type", "quantitative"}, {"title", kTimeTitle},
          {"scale", {{"domain", {0, endHours}}, {"nice", false}}}, {"axis", {{"tickMinStep", 1}, {"format", "d"}, {"grid", true}}}};
}

// The shared chart top with its title on the left, as the panels' labels are; each chart sets
// its own width (a number for panels, "container" for a single view).
json chart_top(const std::string& text) {
  json c = chart_base(text);
  c["title"] = {{"text", text}, {"anchor", "start"}};
  return c;
}

// One row per panel (minute 0 of each strategy; of the first strategy only for `firstOnly`),
// so a mark drawn from constants appears once per panel instead of once per minute.
json one_row_filter(const std::vector<std::string>& strategies, bool firstOnly) {
  json f = json::array({{{"filter", {{"field", "minute"}, {"equal", 0}}}}});
  if (firstOnly) f.push_back({{"filter", {{"field", "strategy"}, {"equal", strategies.front()}}}});
  return f;
}

// The outage as a shaded band (in every panel when `faceted`; once in a single view, where
// overlapping copies would darken it), labelled once, on the side of it with more room.
void add_outage_layers(json& layer, const sim::FleetParams& p, const std::vector<std::string>& strategies,
                       double endHours, bool faceted) {
  if (p.outageForMs <= 0) return;
  const double from = hours(p.outageAtMs), to = hours(p.outageAtMs + p.outageForMs);
  layer.push_back({{"transform", one_row_filter(strategies, !faceted)},
                   {"mark", {{"type", "rect"}, {"color", kOutageColor}, {"opacity", 0.35}}},
                   {"encoding", {{"x", {{"datum", from}, {"type", "quantitative"}, {"title", kTimeTitle}}},
                                 {"x2", {{"datum", to}}}}}});
  const bool left = from > endHours - to;
  layer.push_back({{"transform", one_row_filter(strategies, true)},
                   {"mark", {{"type", "text"}, {"text", "backend outage"}, {"align", left ? "right" : "left"},
                             {"baseline", "top"}, {"dx", left ? -4 : 4}, {"color", "#8c510a"}, {"fontSize", 11}}},
                   {"encoding", {{"x", {{"datum", left ? from : to}, {"type", "quantitative"}, {"title", kTimeTitle}}},
                                 {"y", {{"value", 2}}}}}});
}

json color_by_strategy(const std::vector<std::string>& strategies) {
  return {{"field", "strategy"}, {"type", "nominal"}, {"scale", strategy_color_scale(strategies)},
          {"legend", {{"orient", "top"}, {"title", nullptr}, {"direction", "horizontal"}}}};
}

}  // namespace

json fleet_chart_specs(const sim::FleetParams& p, const std::vector<std::string>& strategies,
                       const std::vector<sim::FleetResult>& results) {
  if (strategies.empty()) return json::object();
  const std::size_t minutes = run_minutes(p, results);
  const double endHours = static_cast<double>(minutes) / 60.0;
  json load = json::array(), refused = json::array();
  bool anyRefused = false;
  for (std::size_t i = 0; i < strategies.size() && i < results.size(); ++i) {
    const auto a = per_minute(results[i].arrivalsPerSecond, minutes), f = per_minute(results[i].refusedPerSecond, minutes);
    for (std::size_t m = 0; m < minutes; ++m) {
      // Minutes, not hours, in the data: whole numbers keep the page small; the chart divides.
      load.push_back({{"strategy", strategies[i]}, {"minute", m}, {"requests", a[m]}});
      refused.push_back({{"strategy", strategies[i]}, {"minute", m}, {"refused", f[m]}});
      anyRefused = anyRefused || f[m] > 0;
    }
  }
  const json toHours = {{"calculate", "datum.minute / 60"}, {"as", "hour"}};
  const std::string loadY = "requests per minute";

  // 1. Load: one panel per strategy (rows, one shared time axis and one shared y scale, so the
  // panels compare at a glance). Vega-Lite sizes only single and layered views by their
  // container, so a faceted panel has a fixed width that fits an 800 px window.
  json loadLayers = json::array();
  add_outage_layers(loadLayers, p, strategies, endHours, true);
  if (p.capacityPerSecond > 0) {
    const double perMinute = static_cast<double>(p.capacityPerSecond) * 60.0;
    loadLayers.push_back({{"transform", one_row_filter(strategies, false)},
                          {"mark", {{"type", "rule"}, {"color", kCapacityColor}, {"strokeDash", {4, 3}}}},
                          {"encoding", {{"y", {{"datum", perMinute}, {"type", "quantitative"}, {"title", loadY}}}}}});
    // Labelled at the end of the run away from the outage, so the label never crosses its band.
    const bool outageLate = p.outageForMs > 0 && hours(p.outageAtMs + p.outageForMs / 2) > endHours / 2;
    loadLayers.push_back(
        {{"transform", one_row_filter(strategies, true)},
         {"mark", {{"type", "text"}, {"text", fmt::format("capacity: {} per minute", std::uint64_t{p.capacityPerSecond} * 60)},
                   {"align", outageLate ? "left" : "right"}, {"dx", outageLate ? 4 : -4}, {"baseline", "bottom"}, {"dy", -2},
                   {"color", kCapacityColor}, {"fontSize", 11}}},
         {"encoding", {{"x", {{"datum", outageLate ? 0.0 : endHours}, {"type", "quantitative"}, {"title", kTimeTitle}}},
                       {"y", {{"datum", perMinute}, {"type", "quantitative"}, {"title", loadY}}}}}});
  }
  loadLayers.push_back({{"mark", {{"type", "line"}, {"strokeWidth", 1.2}}},
                        {"encoding", {{"x", x_time(endHours)},
                                      {"y", {{"field", "requests"}, {"type", "quantitative"}, {"title", loadY}, {"axis", {{"grid", true}}}}},
                                      {"color", color_by_strategy(strategies)}}}});
  json loadChart = chart_top("Requests reaching the backend, per minute");
  loadChart["data"] = {{"values", load}};
  loadChart["transform"] = json::array({toHours});
  loadChart["facet"] = {{"row", {{"field", "strategy"}, {"type", "nominal"}, {"sort", strategies}, {"title", nullptr},
                                 {"header", {{"labelAngle", 0}, {"labelOrient", "top"}, {"labelAnchor", "start"},
                                             {"labelAlign", "left"}, {"labelFontWeight", "bold"}}}}}};
  loadChart["spec"] = {{"width", 680}, {"height", 110}, {"layer", loadLayers}};
  json specs = {{"chart-load", loadChart}};

  // 2. Refusals, one chart (colour = strategy): few strategies refuse much, so panels would be
  // mostly flat. Skipped when the capacity is unlimited: nothing is refused for it.
  if (p.capacityPerSecond > 0) {
    const std::string y = "requests refused per minute";
    json layers = json::array();
    add_outage_layers(layers, p, strategies, endHours, false);
    layers.push_back({{"mark", {{"type", "line"}, {"strokeWidth", 1.2}}},
                      {"encoding", {{"x", x_time(endHours)},
                                    {"y", {{"field", "refused"}, {"type", "quantitative"}, {"title", y}, {"axis", {{"grid", true}}}}},
                                    {"color", color_by_strategy(strategies)}}}});
    json chart = chart_top(anyRefused ? "Requests refused for capacity, per minute"
                                      : "Requests refused for capacity, per minute (none in this run)");
    chart["width"] = "container";
    chart["height"] = 200;
    chart["data"] = {{"values", refused}};
    chart["transform"] = json::array({toHours});
    chart["layer"] = layers;
    specs["chart-refused"] = chart;
  }
  return specs;
}

std::string fleet_html(const sim::FleetParams& p, const std::vector<std::string>& strategies,
                       const std::vector<sim::FleetResult>& results, const std::string& summaryMarkdown,
                       const WebAssets& assets) {
  const json specs = fleet_chart_specs(p, strategies, results);
  std::string intro = "<h2>Load over time</h2>\n<p>Requests reaching the backend in each minute of the run";
  if (p.outageForMs > 0) intro += ", with the backend outage shaded";
  if (p.capacityPerSecond > 0)
    intro += fmt::format(", and the capacity ({} requests/s, {} per minute) as a dashed line. The backend refuses with 503 "
                         "what arrives beyond it within a second, so a minute above the line had refusals (and one below it "
                         "may have had some, in a burst)",
                         p.capacityPerSecond, std::uint64_t{p.capacityPerSecond} * 60);
  intro += ".</p>\n";
  return html_page("syncsim fleet", markdown_to_html(summaryMarkdown) + intro, specs,
                   fmt::format("<p><small>syncsim {} &middot; seed {} &middot; {} browsers per strategy &middot; per-second "
                               "counts in fleet.csv</small></p>\n",
                               escape_html(version_string()), p.seed, p.browsers),
                   assets);
}

}  // namespace syncsim::reports
