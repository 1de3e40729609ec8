#include "sim/explore/failure_groups.hpp"

namespace syncsim::sim {

std::string failure_signature(const std::vector<Property>& properties) {
  std::string s;
  for (auto p : properties) {
    if (!s.empty()) s += '+';
    s += property_name(p);
  }
  return s;
}

FailureGroups group_failures(const Sweep& s) {
  FailureGroups g;
  g.runs = s.ran;
  std::map<std::string, FailureGroup> bySignature;  // ordered by signature, as printed
  for (const auto& [k, v] : s.violated) {
    if (v.empty()) continue;
    ++g.failing;
    for (auto p : v) ++g.byProperty[std::string(property_name(p))];
    const std::string sig = failure_signature(v);
    auto [it, fresh] = bySignature.try_emplace(sig, FailureGroup{sig, v, s.options.from + k, 0, s.options.swarm});
    ++it->second.runs;
  }
  for (auto& [sig, group] : bySignature) g.groups.push_back(std::move(group));
  return g;
}

}  // namespace syncsim::sim
