#pragma once
// The properties every run is judged by, checked after the workload ended, the world healed and
// the drain period passed. Exact definitions: docs/properties.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace syncsim::sim {

enum class Property : std::uint8_t {
  NoStuckInProgress = 1,  // every ended session's server rows are completed; no orphan rows
  BackoffBounds = 2,      // retry gaps within the policy's range; attempt limit
  NothingLost = 3,        // every ended session reached the server or sits in the DLQ
  NoDuplicates = 4,       // one server session per local session
  Deterministic = 5,      // same scenario + seed + binary -> same trace hash
  NoEarlyCompletion = 6,  // no server row is completed before its review truly ended
  TrueDuration = 7,       // every completed row records the review's awake-open time, within a tolerance
  TimelyCompletion = 8,   // an ended review completes within the strategy's bound once the world is healthy
};

// Every property, in the order verdicts list them.
inline constexpr std::array<Property, 8> kAllProperties = {
    Property::NoStuckInProgress, Property::BackoffBounds,     Property::NothingLost,  Property::NoDuplicates,
    Property::Deterministic,     Property::NoEarlyCompletion, Property::TrueDuration, Property::TimelyCompletion};

// The names scenario files, reports and the CLI use ("no_stuck_in_progress", ...).
std::string_view property_name(Property p);
std::optional<Property> property_by_name(std::string_view name);

}  // namespace syncsim::sim
