#include "reports/gate_report.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace syncsim::reports {

namespace {

std::string xml_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline and carriage return.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') o += '?';
        else o += ch;
    }
  }
  return o;
}

const char* outcome_name(sim::GateOutcome o) {
  switch (o) {
    case sim::GateOutcome::Pass: return "pass";
    case sim::GateOutcome::Violation: return "property violated";
    case sim::GateOutcome::ExpectationChanged: return "expectation changed";
    case sim::GateOutcome::ReplayDiffers: return "trace hash differs";
  }
  return "?";
}

// Suites in the order they ran.
std::vector<std::string> suites(const GateRun& run) {
  std::vector<std::string> out;
  for (const auto& t : run.cases)
    if (std::find(out.begin(), out.end(), t.c.suite) == out.end()) out.push_back(t.c.suite);
  return out;
}

}  // namespace

std::string gate_junit_xml(const GateRun& run) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::size_t failures = 0;
  double total = 0;
  for (const auto& t : run.cases) {
    failures += t.c.outcome != sim::GateOutcome::Pass;
    total += t.seconds;
  }
  x += fmt::format("<testsuites name=\"syncsim gate\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n",
                   run.cases.size(), failures, total);
  for (const auto& suite : suites(run)) {
    std::size_t n = 0, f = 0;
    double time = 0;
    for (const auto& t : run.cases)
      if (t.c.suite == suite) ++n, f += t.c.outcome != sim::GateOutcome::Pass, time += t.seconds;
    x += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"{:.3f}\">\n",
                     xml_escape(suite), n, f, time);
    for (const auto& t : run.cases) {
      if (t.c.suite != suite) continue;
      x += fmt::format("    <testcase classname=\"syncsim.{}\" name=\"{}\" time=\"{:.3f}\"", xml_escape(suite),
                       xml_escape(t.c.name), t.seconds);
      if (t.c.outcome == sim::GateOutcome::Pass) {
        x += "/>\n";
        continue;
      }
      std::string body = t.c.detail;
      for (const auto& file : t.files) body += "replay: syncsim replay " + file + "\n";
      x += fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                       outcome_name(t.c.outcome), xml_escape(t.c.message), xml_escape(body));
    }
    x += "  </testsuite>\n";
  }
  x += "</testsuites>\n";
  return x;
}

std::string gate_summary_md(const GateRun& run) {
  std::string md = fmt::format("# syncsim gate: {}\n\n", run.exitStatus == 0 ? "passed" : "FAILED");
  md += fmt::format("`{}` with {}; exit status {}.\n\n", run.command, run.build, run.exitStatus);
  md += "| suite | cases | passed | failed |\n|---|---|---|---|\n";
  for (const auto& suite : suites(run)) {
    std::size_t n = 0, f = 0;
    for (const auto& t : run.cases)
      if (t.c.suite == suite) ++n, f += t.c.outcome != sim::GateOutcome::Pass;
    md += fmt::format("| {} | {} | {} | {} |\n", suite, n, n - f, f);
  }
  bool any = false;
  for (const auto& t : run.cases) {
    if (t.c.outcome == sim::GateOutcome::Pass) continue;
    if (!any) md += "\n## Failures\n";
    any = true;
    md += fmt::format("\n### {}: {}\n\n{}: {}\n", t.c.suite, t.c.name, outcome_name(t.c.outcome), t.c.message);
    if (!t.c.detail.empty() || !t.files.empty()) {
      md += "\n```\n" + t.c.detail;
      for (const auto& f : t.files) md += "syncsim replay " + f + "\n";
      md += "```\n";
    }
  }
  if (!any) md += "\nEvery case passed.\n";
  return md;
}

}  // namespace syncsim::reports
