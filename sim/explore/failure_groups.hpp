#pragma once
// The failures of a sweep, grouped by the set of properties each run violated: one group per
// distinct set, known by its first (lowest) seed, which is the one shrunk and written.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/check/checker.hpp"
#include "sim/explore/sweep.hpp"

namespace syncsim::sim {

struct FailureGroup {
  std::string signature;            // the property names joined by '+', in property order
  std::vector<Property> properties;
  std::uint64_t firstSeed = 0;
  std::uint64_t runs = 0;
  SwarmSpec swarm;  // whose seeds
};

struct FailureGroups {
  std::uint64_t runs = 0;                           // every run of the sweep
  std::uint64_t failing = 0;                        // runs that violated a property
  std::map<std::string, std::uint64_t> byProperty;  // property name -> runs violating it
  std::vector<FailureGroup> groups;                 // ordered by signature
};

// "no_stuck_in_progress+no_duplicates".
std::string failure_signature(const std::vector<Property>& properties);

FailureGroups group_failures(const Sweep& s);

}  // namespace syncsim::sim
