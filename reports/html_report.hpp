#pragma once
// report.html: one self-contained page that opens offline. The charts are Vega-Lite specs,
// drawn by vega, vega-lite and vega-embed (npm packages in reports/web, installed by
// scripts/setup.sh) whose builds are inlined into the page at report time.
#include <optional>
#include <string>
#include <vector>

#include "html_page.hpp"
#include "report.hpp"

namespace syncsim::reports {

// The chart specs (also used by tests without a browser).
nlohmann::json chart_specs(const ReportInfo& info, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies);

std::string report_html(const ReportInfo& info, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies,
                        const std::string& summaryMarkdown, const WebAssets& assets);

}  // namespace syncsim::reports
