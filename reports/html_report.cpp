#include "html_report.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>


namespace syncsim::reports {

using nlohmann::json;

namespace {

std::string representative_profile(const std::vector<RunRow>& rows) {
  for (const auto& r : rows)
    if (r.scenario == "default-day") return r.scenario;
  return rows.empty() ? "" : rows.front().scenario;
}

}  // namespace

json chart_specs(const ReportInfo&, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  const std::string rep = representative_profile(rows);
  const json base = {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"}, {"width", 720}};

  // 1. End-to-end latency CDF per strategy (all runs), at most 300 points per strategy.
  json cdf = json::array();
  for (const auto& s : strategies) {
    std::vector<sim::Time> l;
    std::uint64_t ended = 0;
    for (const auto& r : rows)
      if (r.strategy == s) {
        l.insert(l.end(), r.metrics.latencies.begin(), r.metrics.latencies.end());
        ended += r.metrics.sessionsEnded;
      }
    std::sort(l.begin(), l.end());
    const std::size_t step = std::max<std::size_t>(1, l.size() / 300);
    for (std::size_t i = 0; i < l.size(); i += step)
      cdf.push_back({{"strategy", s}, {"latency_ms", std::max<sim::Time>(l[i], 1)},
                     {"share", static_cast<double>(i + 1) / static_cast<double>(std::max<std::uint64_t>(ended, 1))}});
    if (!l.empty())
      cdf.push_back({{"strategy", s}, {"latency_ms", std::max<sim::Time>(l.back(), 1)},
                     {"share", static_cast<double>(l.size()) / static_cast<double>(std::max<std::uint64_t>(ended, 1))}});
  }
  json latency = base;
  latency["title"] = "End-to-end latency (tab closed -> server completed), all profiles";
  latency["data"] = {{"values", cdf}};
  latency["mark"] = {{"type", "line"}, {"interpolate", "step-after"}};
  latency["encoding"] = {{"x", {{"field", "latency_ms"}, {"type", "quantitative"}, {"scale", {{"type", "log"}}}, {"title", "latency (ms, log scale)"}}},
                         {"y", {{"field", "share"}, {"type", "quantitative"}, {"title", "share of ended sessions completed"}, {"scale", {{"domain", {0, 1}}}}}},
                         {"color", {{"field", "strategy"}, {"type", "nominal"}}}};

  // 2-5 use the representative profile's first seed per strategy (time series) or all its seeds.
  json dash = json::array(), queue = json::array(), api = json::array(), retries = json::array();
  std::map<std::string, int> repRuns;
  for (const auto& r : rows) {
    if (r.scenario == rep) ++repRuns[r.strategy];
  }
  std::map<std::string, bool> seen;
  for (const auto& r : rows) {
    if (r.scenario != rep) continue;
    const bool first = !seen[r.strategy];
    seen[r.strategy] = true;
    const double runs = std::max(1, repRuns[r.strategy]);
    for (std::size_t h = 0; h < r.metrics.requestsPerHour.size(); ++h)
      for (std::size_t e = 0; e < sim::kEndpoints; ++e)
        if (r.metrics.requestsPerHour[h][e])
          api.push_back({{"strategy", r.strategy}, {"hour", h}, {"endpoint", core::endpoint_name(static_cast<core::Endpoint>(e))},
                         {"calls", r.metrics.requestsPerHour[h][e] / runs}});
    if (!first) continue;
    for (const auto& smp : r.metrics.samples) {
      const double hour = static_cast<double>(smp.at) / static_cast<double>(sim::kHour);
      dash.push_back({{"hour", hour}, {"series", r.strategy + ": server In Progress"}, {"sessions", smp.serverInProgress}});
      if (r.strategy == strategies.front()) dash.push_back({{"hour", hour}, {"series", "truly active"}, {"sessions", smp.trulyActive}});
      queue.push_back({{"hour", hour}, {"strategy", r.strategy}, {"measure", "pending queue (items)"}, {"value", smp.pendingQueue}});
      queue.push_back({{"hour", hour}, {"strategy", r.strategy}, {"measure", "storage.local (KiB)"}, {"value", static_cast<double>(smp.storageBytes) / 1024.0}});
    }
  }
  // Retries: every profile, summed per hour of the run.
  std::map<std::pair<std::string, std::size_t>, std::uint64_t> retryHours;
  for (const auto& r : rows)
    for (std::size_t h = 0; h < r.metrics.retriesPerHour.size(); ++h) retryHours[{r.strategy, h}] += r.metrics.retriesPerHour[h];
  for (const auto& [key, n] : retryHours)
    if (n) retries.push_back({{"strategy", key.first}, {"hour", key.second}, {"retries", n}});

  json dashboard = base;
  dashboard["title"] = "Dashboard: server In Progress vs truly active (" + rep + ", first seed)";
  dashboard["data"] = {{"values", dash}};
  dashboard["mark"] = {{"type", "line"}, {"interpolate", "step-after"}};
  dashboard["encoding"] = {{"x", {{"field", "hour"}, {"type", "quantitative"}, {"title", "simulated hour"}}},
                           {"y", {{"field", "sessions"}, {"type", "quantitative"}, {"title", "sessions"}}},
                           {"color", {{"field", "series"}, {"type", "nominal"}}}};

  json apiChart = {{"$schema", base["$schema"]},
                   {"title", "API calls per hour by endpoint (" + rep + ", mean over seeds)"},
                   {"data", {{"values", api}}},
                   {"mark", "bar"},
                   {"width", 720},
                   {"height", 110},
                   {"encoding", {{"x", {{"field", "hour"}, {"type", "ordinal"}, {"title", "simulated hour"}}},
                                 {"y", {{"field", "calls"}, {"type", "quantitative"}, {"stack", "zero"}, {"title", "calls"}}},
                                 {"color", {{"field", "endpoint"}, {"type", "nominal"}}},
                                 {"row", {{"field", "strategy"}, {"type", "nominal"}}}}}};

  json retryChart = base;
  retryChart["title"] = "Retry attempts per hour of the run (all profiles and seeds)";
  retryChart["data"] = {{"values", retries}};
  retryChart["mark"] = {{"type", "line"}, {"point", true}};
  retryChart["encoding"] = {{"x", {{"field", "hour"}, {"type", "quantitative"}, {"title", "simulated hour"}}},
                            {"y", {{"field", "retries"}, {"type", "quantitative"}, {"title", "attempts with retryCount > 0"}}},
                            {"color", {{"field", "strategy"}, {"type", "nominal"}}}};

  json queueChart = {{"$schema", base["$schema"]},
                     {"title", "Queue and storage over the run (" + rep + ", first seed)"},
                     {"data", {{"values", queue}}},
                     {"mark", {{"type", "line"}, {"interpolate", "step-after"}}},
                     {"width", 340},
                     {"height", 200},
                     {"encoding", {{"x", {{"field", "hour"}, {"type", "quantitative"}, {"title", "simulated hour"}}},
                                   {"y", {{"field", "value"}, {"type", "quantitative"}, {"title", ""}}},
                                   {"color", {{"field", "strategy"}, {"type", "nominal"}}},
                                   {"column", {{"field", "measure"}, {"type", "nominal"}}}}},
                     {"resolve", {{"scale", {{"y", "independent"}}}}}};

  return json{{"chart-latency", latency}, {"chart-dashboard", dashboard}, {"chart-api", apiChart},
              {"chart-retries", retryChart}, {"chart-queue", queueChart}};
}

std::string report_html(const ReportInfo& info, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies,
                        const std::string& summaryMarkdown, const WebAssets& assets) {
  const json specs = chart_specs(info, rows, strategies);
  return html_page("syncsim report", markdown_to_html(summaryMarkdown) + "<h2>Charts</h2>\n", specs,
                   fmt::format("<p><small>syncsim {} &middot; profiles from {} &middot; {} seed(s) per profile</small></p>\n",
                               escape_html(info.version), escape_html(info.scenarioDir), info.seeds),
                   assets);
}

}  // namespace syncsim::reports
