#include "html_report.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report_accumulator.hpp"

namespace syncsim::reports {

using nlohmann::json;

namespace {

json color(const std::vector<std::string>& strategies, bool legend = true) {
  json c = {{"field", "strategy"}, {"type", "nominal"}, {"scale", strategy_color_scale(strategies)}, {"title", "strategy"}};
  if (legend) c["legend"] = {{"orient", "bottom"}, {"direction", "horizontal"}};
  else c["legend"] = nullptr;
  return c;
}

json axis(const std::string& field, const std::string& title, const std::string& type = "quantitative") {
  return {{"field", field}, {"type", type}, {"title", title}};
}

// Cost against harm, one point per strategy with its 95 % intervals on both axes.
json tradeoff_chart(const ReportAccumulator& acc) {
  json pts = json::array();
  for (const auto& s : acc.strategies()) {
    const Aggregate& all = acc.overall(s);
    if (!all.runs) continue;
    const Aggregate* api = acc.cell(acc.info().apiProfile, s);  // cost on a healthy day, as the verdict's
    const RunningStat none;
    const RunningStat& rate = api ? api->requestsPerHour : none;
    const Interval failing = wilson(all.failingRuns, all.runs);
    json p = {{"strategy", s},
              {"requests", rate.mean()},
              {"requests_lo", rate.ci95().lo},
              {"requests_hi", rate.ci95().hi},
              {"failing", 100.0 * static_cast<double>(all.failingRuns) / static_cast<double>(all.runs)},
              {"failing_lo", 100.0 * failing.lo},
              {"failing_hi", 100.0 * failing.hi}};
    if (const auto p95 = all.latencies.percentile(95)) {
      const auto i = *all.latencies.percentile_interval(95);
      p["p95"] = std::max(0.001, static_cast<double>(*p95) / 1000.0);
      p["p95_lo"] = std::max(0.001, static_cast<double>(i.first) / 1000.0);
      p["p95_hi"] = std::max(0.001, static_cast<double>(i.second) / 1000.0);
    }
    pts.push_back(p);
  }
  const std::string xTitle = "requests/h on " + acc.info().apiProfile;
  auto panel = [&](const std::string& y, const std::string& yTitle, bool log) {
    json yScale = log ? json{{"type", "log"}} : json{{"zero", true}};
    json enc = {{"x", {{"field", "requests"}, {"type", "quantitative"}, {"title", xTitle}, {"scale", {{"zero", true}}}}},
                {"y", {{"field", y}, {"type", "quantitative"}, {"title", yTitle}, {"scale", yScale}}},
                {"color", color(acc.strategies())}};
    return json{{"width", 250},
                {"height", 220},
                {"layer",
                 json::array({{{"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                               {"encoding", {{"x", {{"field", "requests_lo"}, {"type", "quantitative"}}}, {"x2", {{"field", "requests_hi"}}},
                                             {"y", {{"field", y}, {"type", "quantitative"}}}, {"color", color(acc.strategies(), false)}}}},
                              {{"mark", {{"type", "rule"}, {"strokeWidth", 2}}},
                               {"encoding", {{"x", {{"field", "requests"}, {"type", "quantitative"}}},
                                             {"y", {{"field", y + "_lo"}, {"type", "quantitative"}}}, {"y2", {{"field", y + "_hi"}}},
                                             {"color", color(acc.strategies(), false)}}}},
                              {{"mark", {{"type", "point"}, {"filled", true}, {"size", 90}}}, {"encoding", enc}},
                              {{"mark", {{"type", "text"}, {"dx", 8}, {"align", "left"}, {"fontSize", 11}}},
                               {"encoding", {{"x", {{"field", "requests"}, {"type", "quantitative"}}},
                                             {"y", {{"field", y}, {"type", "quantitative"}}},
                                             {"text", {{"field", "strategy"}}}, {"color", color(acc.strategies(), false)}}}}})}};
  };
  json chart = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
                {"title", {{"text", "Cost against harm"},
                           {"subtitle", "one point per strategy; bars: 95 % intervals"}}},
                {"data", {{"values", pts}}},
                {"hconcat", json::array({panel("failing", "runs with a violation (%, 95 % interval)", false),
                                         panel("p95", "end-to-end latency p95 (s, log scale)", true)})},
                {"resolve", {{"scale", {{"color", "shared"}}}}},
                {"config", {{"legend", {{"orient", "bottom"}}}}}};
  return chart;
}

}  // namespace

json chart_specs(const ReportAccumulator& acc) {
  const auto& strategies = acc.strategies();
  const std::string rep = acc.representative();

  // End-to-end latency CDF per strategy (all runs), from the histogram's buckets.
  json cdf = json::array();
  for (const auto& s : strategies) {
    const Aggregate& a = acc.overall(s);
    const auto points = a.latencies.cumulative();
    const std::size_t step = std::max<std::size_t>(1, points.size() / 300);
    const double ended = static_cast<double>(std::max<std::uint64_t>(a.ended, 1));
    for (std::size_t i = 0; i < points.size(); ++i)
      if (i % step == 0 || i + 1 == points.size())
        cdf.push_back({{"strategy", s}, {"latency_s", std::max(0.001, static_cast<double>(points[i].first) / 1000.0)},
                       {"share", 100.0 * static_cast<double>(points[i].second) / ended}});
  }
  json latency = chart_base("End-to-end latency (tab closed -> server completed), all profiles");
  latency["width"] = "container";
  latency["data"] = {{"values", cdf}};
  latency["mark"] = {{"type", "line"}, {"interpolate", "step-after"}};
  latency["encoding"] = {{"x", {{"field", "latency_s"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}, {"title", "latency (s, log scale)"}}},
                         {"y", {{"field", "share"}, {"type", "quantitative"}, {"title", "ended sessions completed (%)"}, {"scale", {{"domain", {0, 100}}}}}},
                         {"color", color(strategies)}};

  // Time series of the representative profile. Samples cover every 5 minutes; hourly series
  // are zero-filled, so no line runs across an hour that had nothing.
  json dash = json::array(), queue = json::array(), api = json::array(), retries = json::array();
  std::size_t hours = 0;
  for (const auto& s : strategies) hours = std::max(hours, acc.series(s).retriesPerHour.size());
  for (const auto& s : strategies) {
    const auto& ser = acc.series(s);
    for (const auto& smp : ser.firstSeed) {
      const double hour = static_cast<double>(smp.at) / static_cast<double>(sim::kHour);
      dash.push_back({{"hour", hour}, {"strategy", s}, {"series", "server In Progress"}, {"sessions", smp.serverInProgress}});
      dash.push_back({{"hour", hour}, {"strategy", s}, {"series", "truly open"}, {"sessions", smp.trulyActive}});
      queue.push_back({{"hour", hour}, {"strategy", s}, {"measure", "pending queue"}, {"value", smp.pendingQueue}});
      queue.push_back({{"hour", hour}, {"strategy", s}, {"measure", "chrome.storage.local"}, {"value", static_cast<double>(smp.storageBytes) / 1024.0}});
    }
    const double runs = static_cast<double>(std::max<std::size_t>(ser.representativeRuns, 1));
    for (std::size_t h = 0; h < ser.representativeRequestsPerHour.size(); ++h)
      for (std::size_t e = 0; e < sim::kEndpoints; ++e)
        api.push_back({{"strategy", s}, {"hour", h}, {"endpoint", core::endpoint_name(static_cast<core::Endpoint>(e))},
                       {"calls", static_cast<double>(ser.representativeRequestsPerHour[h][e]) / runs}});
    for (std::size_t h = 0; h < hours; ++h)
      retries.push_back({{"strategy", s}, {"hour", h}, {"retries", h < ser.retriesPerHour.size() ? ser.retriesPerHour[h] : 0}});
  }

  json dashboard = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
                    {"title", "Dashboard: server rows In Progress vs reviews truly open (" + rep + ", first seed)"},
                    {"data", {{"values", dash}}},
                    {"facet", {{"row", {{"field", "strategy"}, {"type", "nominal"}, {"title", nullptr}, {"sort", strategies}}}}},
                    {"spec",
                     {{"width", 620},
                      {"height", 70},
                      {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                      {"encoding", {{"x", axis("hour", "simulated time (h)")},
                                    {"y", axis("sessions", "sessions")},
                                    {"color", color(strategies)},
                                    {"strokeDash", {{"field", "series"}, {"type", "nominal"}, {"title", "line"},
                                                    {"legend", {{"orient", "bottom"}}}}}}}}},
                    {"resolve", {{"scale", {{"y", "shared"}}}}}};

  json apiChart = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
                   {"title", "API calls per hour by endpoint (" + rep + ", mean over seeds)"},
                   {"data", {{"values", api}}},
                   {"facet", {{"row", {{"field", "strategy"}, {"type", "nominal"}, {"title", nullptr}, {"sort", strategies}}}}},
                   {"spec",
                    {{"width", 620},
                     {"height", 70},
                     {"mark", "bar"},
                     {"encoding", {{"x", {{"field", "hour"}, {"type", "ordinal"}, {"title", "hour of the run (h)"}}},
                                   {"y", {{"field", "calls"}, {"type", "quantitative"}, {"stack", "zero"}, {"title", "requests/h"}}},
                                   {"color", {{"field", "endpoint"}, {"type", "nominal"}, {"legend", {{"orient", "bottom"}}}}}}}}}};

  json retryChart = chart_base("Retry attempts per hour of the run (all profiles and seeds)");
  retryChart["width"] = "container";
  retryChart["data"] = {{"values", retries}};
  retryChart["mark"] = {{"type", "line"}, {"point", true}};
  json hourAxis = axis("hour", "hour of the run (h)");
  hourAxis["axis"] = {{"tickMinStep", 1}, {"format", "d"}};
  retryChart["encoding"] = {{"x", hourAxis},
                            {"y", axis("retries", "attempts with retryCount > 0 (per hour)")},
                            {"color", color(strategies)}};

  // Two panels, each with its own unit on its own axis.
  auto queuePanel = [&](const std::string& measure, const std::string& yTitle) {
    return json{{"width", 300},
                {"height", 180},
                {"title", measure},
                {"transform", json::array({{{"filter", {{"field", "measure"}, {"equal", measure}}}}})},
                {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                {"encoding", {{"x", axis("hour", "simulated time (h)")}, {"y", axis("value", yTitle)}, {"color", color(strategies)}}}};
  };
  json queueChart = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"},
                     {"title", "Queue and storage over the run (" + rep + ", first seed)"},
                     {"data", {{"values", queue}}},
                     {"hconcat", json::array({queuePanel("pending queue", "pendingSessions (items)"),
                                              queuePanel("chrome.storage.local", "size (KiB)")})}};

  return json{{"chart-tradeoff", tradeoff_chart(acc)}, {"chart-latency", latency}, {"chart-dashboard", dashboard},
              {"chart-api", apiChart}, {"chart-retries", retryChart}, {"chart-queue", queueChart}};
}

std::string report_html(const ReportAccumulator& acc, const std::string& summaryMarkdown, const WebAssets& assets) {
  const json specs = chart_specs(acc);
  const auto& info = acc.info();
  // The trade-off chart goes with the verdict it illustrates, before the detailed figures.
  std::string body = markdown_to_html(summaryMarkdown);
  const auto at = body.find("<h2>Figures per strategy");
  body.insert(at == std::string::npos ? body.size() : at, "<div class=\"chart\" id=\"chart-tradeoff\"></div>\n");
  return html_page("syncsim report", body + "<h2>Charts</h2>\n", specs,
                   fmt::format("<p><small>syncsim {} &middot; profiles from {} &middot; {} seed(s) per profile</small></p>\n",
                               escape_html(info.version), escape_html(info.scenarioDir), info.seeds),
                   assets);
}

}  // namespace syncsim::reports
