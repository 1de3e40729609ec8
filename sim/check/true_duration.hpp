#pragma once
// Property 7: the dashboard sums durations, so each completed row's recorded work time is the
// review's true duration (open with the device awake) within a tolerance a strategy can meet:
// it hears a tab only through its messages, so it cannot place a boundary more finely than one
// activity ping. Exact definition: docs/properties.md.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;
struct TrueSession;

// The tolerance for one review, in ms: 2 s + 1 % of its true duration + two activity intervals
// for its end and two for each device sleep that overlaps it.
Time duration_tolerance(const World& w, const TrueSession& t);

void check_true_duration(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
