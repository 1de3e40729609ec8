#pragma once
// One violation of a property by a run: which session, when, and the stretch of the trace that
// shows it.
#include <cstdint>
#include <string>

#include "sim/check/property.hpp"
#include "sim/runtime/time.hpp"

namespace syncsim::sim {

struct Violation {
  Property property;
  std::uint32_t session = 0;  // localId
  Time at = 0;
  Time spanFrom = 0;  // the stretch of the trace that shows it: records in [spanFrom, spanTo]
  Time spanTo = 0;
  std::string detail;
};

}  // namespace syncsim::sim
