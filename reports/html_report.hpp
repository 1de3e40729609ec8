#pragma once
// report.html: the summary's tables and the charts, one self-contained page (html_page.hpp).
#include <string>
#include <vector>

#include "html_page.hpp"
#include "report.hpp"

namespace syncsim::reports {

class ReportAccumulator;

// The chart specs (also used by tests without a browser).
nlohmann::json chart_specs(const ReportAccumulator& acc);

std::string report_html(const ReportAccumulator& acc, const std::string& summaryMarkdown, const WebAssets& assets);

}  // namespace syncsim::reports
