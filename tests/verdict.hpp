#pragma once
// A run's verdict as one word: "ok", or the violated properties joined by '+' in
// kAllProperties order (the form tests/golden/trace_hashes.tsv records).
#include <string>
#include <vector>

#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"

namespace syncsim::test {

inline std::string verdict(const std::vector<sim::Violation>& v) {
  std::string s;
  for (sim::Property p : sim::violated_properties(v)) {
    if (!s.empty()) s += '+';
    s += sim::property_name(p);
  }
  return s.empty() ? "ok" : s;
}
inline std::string verdict(const sim::RunResult& r) { return verdict(r.violations); }

}  // namespace syncsim::test
