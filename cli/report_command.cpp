// syncsim report: profiles (the scenarios of a directory) x strategies x seeds, side by side:
// report.json, summary.md, metrics.csv and report.html. Identical whatever --jobs is.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "commands.hpp"
#include "reports/html_report.hpp"
#include "reports/report_accumulator.hpp"
#include "reports/report.hpp"
#include "reports/report_runs.hpp"
#include "reports/run_codec.hpp"
#include "reports/summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/explore/output_dir.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/parallel.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/scenario.hpp"

namespace syncsim::cli {

namespace {
std::optional<reports::WebAssets> load_assets() {
  std::string error;
  auto assets = reports::WebAssets::load(reports::default_web_dir(), error);
  if (!assets) std::cerr << "syncsim: " << error << "\n";
  return assets;
}

// Writes the four report files from rows that `produce` hands over one at a time, in index
// order: the same for one run and for merged shards. metrics.csv is written as the rows arrive,
// the figures are gathered as they go, and nothing that grows with the seeds is kept.
int finish_report(const reports::ReportInfo& info, const std::vector<std::string>& strategies, const std::string& outDir,
                  const reports::WebAssets& assets, const std::function<void(const reports::RowSink&)>& produce) {
  // The directory is replaced whole, when all four files are written.
  sim::OutputDir dir(outDir, "report");
  std::string error;
  if (!dir.open(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  sim::OutputFile json(dir.file("report.json"));
  sim::OutputFile summary(dir.file("summary.md"));
  sim::OutputFile csv(dir.file("metrics.csv"));
  sim::OutputFile html(dir.file("report.html"));
  reports::ReportAccumulator acc(info, strategies);
  std::size_t unexpected = 0;
  csv.stream() << reports::metrics_csv_header();
  produce([&](std::size_t, const reports::RunRow& row) {
    acc.add(row);
    csv.stream() << reports::metrics_csv_row(row);
    unexpected += !row.matchesExpectation;
  });
  const std::string md = reports::summary_markdown(acc);
  json.stream() << reports::report_json(acc).dump(2) << "\n";
  summary.stream() << md;
  html.stream() << reports::report_html(acc, md, assets);
  if (!json.ok() || !summary.ok() || !csv.ok() || !html.ok() || !json.commit() || !summary.commit() || !csv.commit() ||
      !html.commit() || !dir.commit(error)) {
    std::cerr << "syncsim: --out: cannot write the report into " << outDir << (error.empty() ? "" : ": " + error) << "\n";
    return kExitBadInput;
  }
  std::cout << md << "\nwritten: " << outDir << "/report.json, summary.md, metrics.csv, report.html\n";
  // A result that differs from its scenario's recorded expectation (marked `!`) fails the
  // command: a report is also a check that the library still says what it said.
  if (unexpected) {
    std::cout << fmt::format("report: {} run(s) differ from their scenario's recorded expectation (marked !): exit {}\n",
                             unexpected, kExitExpectationChanged);
    return kExitExpectationChanged;
  }
  return kExitOk;
}
}  // namespace

int report_command(const ReportOptions& o) {
  std::vector<std::string> strategies = o.strategies;
  if (!resolve_strategy_list(strategies)) return kExitBadInput;
  if (!o.extension.empty()) {
    const auto name = use_extension(o.extension, o.claims);
    if (!name) return kExitBadInput;
    strategies.push_back(*name);
  }
  std::string outError;
  if (o.shards > 1 ? !partial_dir_usable(o.out, outError) : !sim::output_dir_usable(o.out, outError)) {
    std::cerr << "syncsim: " << outError << "\n";
    return kExitBadInput;
  }
  // Everything is checked before anything runs or is written.
  std::vector<sim::Scenario> scenarios;
  for (const auto& f : sim::scenario_files(o.dir, false)) {
    auto l = sim::load_scenario(f);
    for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
    if (!l.scenario) return kExitBadInput;
    if (o.profiles.empty() || std::find(o.profiles.begin(), o.profiles.end(), l.scenario->name) != o.profiles.end())
      scenarios.push_back(std::move(*l.scenario));
  }
  for (const auto& p : o.profiles)
    if (std::none_of(scenarios.begin(), scenarios.end(), [&](const sim::Scenario& s) { return s.name == p; })) {
      std::cerr << "syncsim: --profiles: expected the name of a scenario in " << o.dir << " (see `syncsim scenarios list`), found '" << p << "'\n";
      return kExitBadInput;
    }
  if (scenarios.empty()) {
    std::cerr << "syncsim: --dir: expected scenario files (*.json) in " << o.dir << ", found none\n";
    return kExitBadInput;
  }
  const auto assets = load_assets();
  if (!assets) return kExitBadInput;
  const bool progress = isatty(STDERR_FILENO);
  const sim::Progress show = [&](std::size_t done, std::size_t total) {
    if (progress && (done % 8 == 0 || done == total))
      std::cerr << fmt::format("\rsyncsim report: {}/{} runs", done, total) << std::flush;
  };
  const reports::ReportInfo info = reports::report_info(o.dir, scenarios, o.seeds);
  const std::uint64_t runs = scenarios.size() * strategies.size() * static_cast<std::uint64_t>(o.seeds);
  if (o.shards > 1) {
    // A shard's partial holds its rows, so `syncsim merge` can write exactly what one run does.
    std::vector<reports::RunRow> rows;
    reports::run_report(scenarios, strategies, o.seeds, o.shard, o.shards, o.jobs,
                        [&](std::size_t, const reports::RunRow& r) { rows.push_back(r); }, show);
    if (progress) std::cerr << "\n";
    return write_partial(o.out, "report", o.shard, o.shards, rows.size(),
                         reports::report_partial_json(info, strategies, rows, runs, o.shard, o.shards).dump());
  }
  return finish_report(info, strategies, o.out, *assets, [&](const reports::RowSink& sink) {
    reports::run_report(scenarios, strategies, o.seeds, 0, 1, o.jobs, sink, show);
    if (progress) std::cerr << "\n";
  });
}

int merge_report(const sim::Partials& parts, const std::string& outDir) {
  std::string error;
  const auto merged = reports::merge_report_partials(parts, error);
  if (!merged) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  const auto assets = load_assets();
  if (!assets) return kExitBadInput;
  return finish_report(merged->info, merged->strategies, outDir, *assets,
                       [&](const reports::RowSink& sink) { merged->replay(sink); });
}

}  // namespace syncsim::cli
