#pragma once
#include <cstdint>

namespace syncsim::sim {

// Virtual time: integer milliseconds since the run's epoch (the same unit as the plan's
// Date.now()). Every component reads it from the Scheduler, never from a real clock.
using Time = std::int64_t;

constexpr Time kSecond = 1000;
constexpr Time kMinute = 60 * kSecond;
constexpr Time kHour = 60 * kMinute;
constexpr Time kDay = 24 * kHour;

}  // namespace syncsim::sim
