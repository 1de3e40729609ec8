#include "report_accumulator.hpp"

#include <algorithm>

namespace syncsim::reports {

std::string representative_profile(const std::vector<std::string>& p) {
  return std::find(p.begin(), p.end(), "default-day") != p.end() ? "default-day" : (p.empty() ? "" : p.front());
}

ReportAccumulator::ReportAccumulator(ReportInfo info, std::vector<std::string> strategies)
    : info_(std::move(info)), strategies_(std::move(strategies)), representative_(representative_profile(info_.profiles)) {}

void ReportAccumulator::add(const RunRow& r) {
  ++runs_;
  overall_[r.strategy].add(r);
  cells_[r.scenario][r.strategy].add(r);
  Series& s = series_[r.strategy];
  const auto& m = r.metrics;
  if (s.retriesPerHour.size() < m.retriesPerHour.size()) s.retriesPerHour.resize(m.retriesPerHour.size(), 0);
  for (std::size_t h = 0; h < m.retriesPerHour.size(); ++h) s.retriesPerHour[h] += m.retriesPerHour[h];
  if (r.scenario != representative_) return;
  if (s.representativeRuns++ == 0) s.firstSeed = m.samples;
  auto& rph = s.representativeRequestsPerHour;
  if (rph.size() < m.requestsPerHour.size()) rph.resize(m.requestsPerHour.size(), std::array<std::uint64_t, sim::kEndpoints>{});
  for (std::size_t h = 0; h < m.requestsPerHour.size(); ++h)
    for (std::size_t e = 0; e < sim::kEndpoints; ++e) rph[h][e] += m.requestsPerHour[h][e];
}

const Aggregate& ReportAccumulator::overall(const std::string& strategy) const {
  static const Aggregate none;
  auto it = overall_.find(strategy);
  return it == overall_.end() ? none : it->second;
}

const Aggregate* ReportAccumulator::cell(const std::string& profile, const std::string& strategy) const {
  auto p = cells_.find(profile);
  if (p == cells_.end()) return nullptr;
  auto s = p->second.find(strategy);
  return s == p->second.end() ? nullptr : &s->second;
}

std::vector<std::string> ReportAccumulator::profiles() const {
  std::vector<std::string> out;
  for (const auto& p : info_.profiles)
    if (cells_.count(p)) out.push_back(p);
  for (const auto& [p, unused] : cells_)  // rows of a profile the info does not name (hand-made tests)
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  return out;
}

const ReportAccumulator::Series& ReportAccumulator::series(const std::string& strategy) const {
  static const Series none;
  auto it = series_.find(strategy);
  return it == series_.end() ? none : it->second;
}

}  // namespace syncsim::reports
