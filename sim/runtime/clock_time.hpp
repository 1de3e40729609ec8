#pragma once
// Simulated time as a reader sees it: "10:04:12.345", or "day 3 10:04:12.345" after the first
// day (day 1 starts at 00:00:00.000). `syncsim explain` and the guided search print it.
#include <string>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

std::string clock_time(Time ms);  // a negative time prints as 0

}  // namespace syncsim::sim
