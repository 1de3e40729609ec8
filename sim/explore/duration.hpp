#pragma once
// Durations as scenario files write them: digits then a unit, "250ms", "30s", "10m", "2h", "1d".
#include <optional>
#include <string>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

// nullopt for anything else (bare digits would be ambiguous and are refused).
std::optional<Time> parse_duration(const std::string& s);
// The largest unit that divides `ms` exactly, so a written file reads back to the same value.
std::string format_duration(Time ms);

}  // namespace syncsim::sim
