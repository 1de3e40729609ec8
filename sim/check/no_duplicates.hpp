#pragma once
// Property 4: at most one server row per local session.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

void check_no_duplicates(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
