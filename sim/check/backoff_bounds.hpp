#pragma once
// Property 2: retries keep to the strategy's backoff policy, its attempt limit and Retry-After,
// and an item whose last attempt failed is tried again once the world healed.
#include <vector>

#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

void check_backoff_bounds(const World& w, std::vector<Violation>& out);

}  // namespace syncsim::sim
