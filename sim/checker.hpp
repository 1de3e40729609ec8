#pragma once
// The properties every run is judged by (../shared/DESIGN.md section 5), checked after the
// workload ended, the world healed and the drain period passed. Definitions: docs/properties.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

class World;

enum class Property : std::uint8_t {
  NoStuckInProgress = 1,  // every ended session's server rows are completed; no orphan rows
  BackoffBounds = 2,      // retry gaps within the policy's range; attempt limit
  NothingLost = 3,        // every ended session reached the server or sits in the DLQ
  NoDuplicates = 4,       // one server session per local session
  Deterministic = 5,      // same scenario + seed + binary -> same trace hash
};

std::string_view property_name(Property p);

struct Violation {
  Property property;
  std::uint32_t session = 0;  // localId
  Time at = 0;
  Time spanFrom = 0;  // the stretch of the trace that shows it: records in [spanFrom, spanTo]
  Time spanTo = 0;
  std::string detail;
};

std::vector<Violation> check_properties(const World& w);

}  // namespace syncsim::sim

namespace syncsim::core {
struct StrategyConfig;
}

namespace syncsim::sim {

struct WorldParams;
// Property 5: runs the world twice from scratch and compares the trace hashes.
std::optional<Violation> check_deterministic(const WorldParams& params, const core::StrategyConfig& strategy);

}  // namespace syncsim::sim
