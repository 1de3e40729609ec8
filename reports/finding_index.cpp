#include "finding_index.hpp"

#include <algorithm>

namespace syncsim::reports {

namespace {
using P = sim::Property;
struct Entry {
  const char* id;
  std::vector<const char*> strategies;
  std::vector<P> properties;
};

// From each finding's "Property" line and the strategies it names.
const std::vector<Entry>& index() {
  static const std::vector<Entry> e = {
      {"F1", {"approach1", "approach2"}, {P::NoStuckInProgress, P::NoDuplicates}},
      {"F1", {"approach2"}, {P::TimelyCompletion}},
      {"F2", {"approach1", "approach2"}, {P::NoDuplicates, P::NoStuckInProgress}},
      {"F3", {"approach2"}, {P::NothingLost, P::NoStuckInProgress, P::BackoffBounds}},
      {"F4", {"approach2"}, {P::NoStuckInProgress, P::NothingLost}},
      {"F5", {"approach2"}, {P::BackoffBounds}},
      {"F8", {"baseline", "approach1", "approach2"}, {P::NoStuckInProgress}},
      {"F11", {"approach2"}, {P::NothingLost}},
      {"F12", {"baseline"}, {P::NoStuckInProgress, P::TimelyCompletion}},
      {"F16", {"baseline", "approach1", "approach2"}, {P::TrueDuration}},
      {"F20", {"hardened"}, {P::NothingLost, P::NoStuckInProgress}},
  };
  return e;
}
}  // namespace

std::vector<std::string> findings_for(const std::string& strategy, sim::Property p) {
  const std::string base = strategy.rfind("ts:", 0) == 0 ? strategy.substr(3) : strategy;
  std::vector<std::string> out;
  for (const auto& e : index())
    if (std::find(e.properties.begin(), e.properties.end(), p) != e.properties.end() &&
        std::any_of(e.strategies.begin(), e.strategies.end(), [&](const char* s) { return base == s; }))
      out.push_back(e.id);
  return out;
}

}  // namespace syncsim::reports
