#include "html_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/runtime/install_paths.hpp"

namespace syncsim::reports {

using nlohmann::json;

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

std::string escape_html(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// Inline markup of the summary: **bold** and `code`.
std::string inline_md(const std::string& s) {
  std::string e = escape_html(s), o;
  bool bold = false, code = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '*' && i + 1 < e.size() && e[i + 1] == '*') {
      o += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (e[i] == '`') {
      o += code ? "</code>" : "<code>";
      code = !code;
    } else {
      o += e[i];
    }
  }
  return o;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      const auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return out;
}

// The summary's Markdown (headings, paragraphs, tables) as HTML.
std::string markdown_to_html(const std::string& md) {
  std::string html;
  std::istringstream in(md);
  std::string line;
  bool inTable = false, header = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '|') {
      if (!inTable) {
        html += "<table>\n";
        inTable = header = true;
      }
      if (line.find("|---") == 0) continue;
      html += "<tr>";
      for (const auto& c : cells(line)) html += (header ? "<th>" : "<td>") + inline_md(c) + (header ? "</th>" : "</td>");
      html += "</tr>\n";
      header = false;
      continue;
    }
    if (inTable) {
      html += "</table>\n";
      inTable = false;
    }
    if (line.rfind("## ", 0) == 0) html += "<h2>" + inline_md(line.substr(3)) + "</h2>\n";
    else if (line.rfind("# ", 0) == 0) html += "<h1>" + inline_md(line.substr(2)) + "</h1>\n";
    else if (!line.empty()) html += "<p>" + inline_md(line) + "</p>\n";
  }
  if (inTable) html += "</table>\n";
  return html;
}

std::string representative_profile(const std::vector<RunRow>& rows) {
  for (const auto& r : rows)
    if (r.scenario == "default-day") return r.scenario;
  return rows.empty() ? "" : rows.front().scenario;
}

}  // namespace

std::string default_web_dir() {
  if (const char* env = std::getenv("SYNCSIM_WEB_DIR")) return env;
  return sim::data_path("web", SYNCSIM_WEB_DIR);
}

std::optional<WebAssets> WebAssets::load(const std::string& dir, std::string& error) {
  WebAssets a;
  const std::pair<std::string*, const char*> files[] = {{&a.vega, "vega/build/vega.min.js"},
                                                        {&a.vegaLite, "vega-lite/build/vega-lite.min.js"},
                                                        {&a.vegaEmbed, "vega-embed/build/vega-embed.min.js"}};
  for (const auto& [dst, rel] : files) {
    if (!read_file(dir + "/" + rel, *dst)) {
      error = fmt::format("cannot read {}/{} (the chart libraries; run ./scripts/setup.sh, or set SYNCSIM_WEB_DIR)", dir, rel);
      return std::nullopt;
    }
  }
  return a;
}

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
  std::string h;
  h += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>syncsim report</title>\n";
  h += "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
       "table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}"
       "th{background:#f3f3f3}.chart{margin:2em 0;min-height:100px}code{background:#f3f3f3;padding:0 3px}"
       "#errors{color:#b00}</style>\n";
  h += "<script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));});</script>\n";
  h += "<script>" + assets.vega + "</script>\n<script>" + assets.vegaLite + "</script>\n<script>" + assets.vegaEmbed + "</script>\n";
  h += "</head>\n<body>\n";
  h += markdown_to_html(summaryMarkdown);
  h += "<h2>Charts</h2>\n";
  for (auto it = specs.begin(); it != specs.end(); ++it) h += "<div class=\"chart\" id=\"" + it.key() + "\"></div>\n";
  h += "<pre id=\"errors\"></pre>\n";
  // The specs as JSON inside a script: escape '<' so no sequence can close the element.
  std::string specJson = specs.dump();
  std::string safe;
  for (char c : specJson) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  h += "<script>\nconst specs = " + safe + ";\n";
  h += "Promise.all(Object.keys(specs).map(function(id){return vegaEmbed('#'+id, specs[id], {actions:false, renderer:'svg'});}))"
       ".then(function(){document.body.dataset.rendered=String(Object.keys(specs).length);})"
       ".catch(function(e){window.__errors.push(String(e));document.body.dataset.rendered='error';})"
       ".finally(function(){document.getElementById('errors').textContent=window.__errors.join('\\n');});\n</script>\n";
  h += fmt::format("<p><small>syncsim {} &middot; profiles from {} &middot; {} seed(s) per profile</small></p>\n", escape_html(info.version),
                   escape_html(info.scenarioDir), info.seeds);
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace syncsim::reports
