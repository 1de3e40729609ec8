#pragma once
// Property 1: no server row of a session that truly ended is left In Progress, and every row
// of this browser belongs to one of its local sessions.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

void check_no_stuck_in_progress(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
