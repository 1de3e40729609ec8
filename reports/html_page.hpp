#pragma once
// One self-contained HTML page that opens offline: Markdown tables and headings as HTML, and
// Vega-Lite charts drawn by vega, vega-lite and vega-embed (npm packages in reports/web,
// installed by scripts/setup.sh), whose builds are inlined into the page. Shared by report.html
// and fleet.html, so both look and behave alike (and the browser test reads both the same way).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace syncsim::reports {

struct WebAssets {
  std::string vega, vegaLite, vegaEmbed;
  // Reads the three builds from `dir` (a node_modules folder); nullopt and `error` if missing.
  static std::optional<WebAssets> load(const std::string& dir, std::string& error);
};

std::string default_web_dir();

std::string escape_html(const std::string& s);
// Headings (#, ##, ###), paragraphs, "- " lists and tables; inline **bold** and `code`.
std::string markdown_to_html(const std::string& md);

// The page: `bodyHtml`, then one <div class="chart" id=KEY></div> per entry of `specs` (an
// object of Vega-Lite specs) that the body does not already place, then `footerHtml`. When every chart has rendered, <body data-rendered="N">;
// errors the page logged are in <pre id="errors">.
std::string html_page(const std::string& title, const std::string& bodyHtml, const nlohmann::json& specs,
                      const std::string& footerHtml, const WebAssets& assets);

// One colour per strategy in every chart: the four built-in strategies have fixed colours, and
// any other name (a ts: or js: bundle) the next of a fixed list in the order given. A Vega-Lite
// `scale` object ({"domain": [...], "range": [...]}).
nlohmann::json strategy_color_scale(const std::vector<std::string>& strategies);

// A chart's common top: schema and title (each chart sets its own width).
nlohmann::json chart_base(const std::string& title);

}  // namespace syncsim::reports
