#pragma once
// Property 5: the same scenario, seed and binary give the same trace hash. Unlike 1-4 it is not
// read off one run: it runs the world twice from scratch.
#include <optional>

#include "core/strategy.hpp"
#include "sim/check/violation.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

std::optional<Violation> check_deterministic(const WorldParams& params, const core::StrategyConfig& strategy);

}  // namespace syncsim::sim
