#pragma once
// Property 8: a review that ended does not sit In Progress for longer than the strategy's own
// claims allow. Two bounds, exact definitions in docs/properties.md:
//   - recovery: once the world has been healthy for a while after the close (or after the
//     heal), the row completes within the strategy's bound L: one alarm period, the largest
//     backoff, the largest Retry-After it honours, an alarm's lateness, a cold start and a
//     minute for the requests;
//   - the plan's promise: a review closed in a healthy stretch completes within 2 s plus three
//     round trips at the network's one-in-a-million latency.
#include <vector>

#include "sim/check/server_rows.hpp"
#include "sim/check/violation.hpp"

namespace syncsim::sim {

class World;

// The strategy's recovery bound L for this world, in ms.
Time recovery_bound(const World& w);
// The plan's "dashboard shows completed within 2 seconds", with this network's latency tail.
Time promise_bound(const World& w);

void check_timely_completion(const World& w, const ServerRows& rows, std::vector<Violation>& out);

}  // namespace syncsim::sim
