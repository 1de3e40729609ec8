#pragma once
// Durations as scenario files write them: digits then a unit, "250ms", "30s", "10m", "2h", "1d".
#include <optional>
#include <string>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

// The longest duration the format accepts anywhere (3660 days, about ten years): a few of them
// added together still fit a Time many times over, so no sum of durations can overflow.
constexpr Time kMaxDuration = 3660 * kDay;

// nullopt for anything else (bare digits would be ambiguous and are refused) and for a value
// above kMaxDuration (checked before multiplying, so "999999999999d" never wraps).
std::optional<Time> parse_duration(const std::string& s);
// The largest unit that divides `ms` exactly, so a written file reads back to the same value.
std::string format_duration(Time ms);

}  // namespace syncsim::sim
