#pragma once
// Property 3: every ended session reached the server or is visible in the dead-letter queue,
// and the dead-letter queue stays within the strategy's bound.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

void check_nothing_lost(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
