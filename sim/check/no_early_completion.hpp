#pragma once
// Property 6: the dashboard never shows a review completed while it was still open. Every
// completed server row's completion time is at or after its review truly ended.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

void check_no_early_completion(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
