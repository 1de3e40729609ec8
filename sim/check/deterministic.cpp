#include "sim/check/deterministic.hpp"

#include <fmt/format.h>

#include "sim/check/run_world.hpp"

namespace syncsim::sim {

std::optional<Violation> check_deterministic(const WorldParams& params, const core::StrategyConfig& strategy) {
  const std::uint64_t a = run_world(params, strategy).traceHash;
  const std::uint64_t b = run_world(params, strategy).traceHash;
  if (a == b) return std::nullopt;
  return Violation{Property::Deterministic, 0, 0, 0, 0,
                   fmt::format("two runs of the same scenario, seed and binary gave trace hashes {:016x} and {:016x}", a, b)};
}

}  // namespace syncsim::sim
