// syncsim conformance: the world model against a real-Chromium measurement (tests/conformance).
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "commands.hpp"
#include "reports/conformance.hpp"
#include "sim/explore/output_file.hpp"

namespace syncsim::cli {

int conformance_command(const std::vector<std::string>& files, const std::string& out) {
  std::vector<nlohmann::json> docs;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "syncsim: " << file << ": cannot read\n";
      return kExitBadInput;
    }
    nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded()) {
      std::cerr << "syncsim: " << file << ": expected a JSON document (conformance.json)\n";
      return kExitBadInput;
    }
    // Each file is checked alone first, so an error names the file it is in.
    try {
      (void)reports::compare_conformance(doc, sim::BrowserParams{});
    } catch (const std::exception& e) {
      std::cerr << "syncsim: " << file << ": " << e.what() << "\n";
      return kExitBadInput;
    }
    docs.push_back(std::move(doc));
  }
  const std::vector<reports::ConformanceRow> rows = reports::compare_conformance(docs, sim::BrowserParams{});
  for (const auto& r : rows)
    std::cout << fmt::format("{:<36} {:<18} measured {}; model {}\n", r.id, reports::conformance_name(r.verdict), r.measured,
                             r.model);
  if (!out.empty()) {
    // The hand-written sections of the file being replaced are kept (reports/conformance.hpp).
    std::string previous;
    if (std::ifstream old(out); old) previous.assign(std::istreambuf_iterator<char>(old), {});
    sim::OutputFile f(out);
    f.stream() << reports::conformance_markdown(docs, rows, previous);
    if (!f.ok() || !f.commit()) {
      std::cerr << "syncsim: --out: cannot write " << out << "\n";
      return kExitBadInput;
    }
  }
  return kExitOk;
}

}  // namespace syncsim::cli
