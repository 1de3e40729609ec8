#pragma once
// Judges one run that ended (workload, heal, drain): properties 1-4 and 6-8, each in its own
// file. Property 5 compares two runs: check_deterministic (sim/check/deterministic.hpp).
#include <vector>

#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

// The violations of properties 2, 1, 4, 3, 6, 7 and 8, in that order (the order run output lists them in).
std::vector<Violation> check_properties(const World& w);

}  // namespace syncsim::sim
