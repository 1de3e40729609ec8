#pragma once
// How long after the heal a working strategy needs before it can be judged. The drain is the
// scenario's (default 30 min), or longer when the world left more to do than that: the
// strategy's own recovery time (its alarm, a worker start, its largest backoff, the largest
// Retry-After the server sent) and the backlog queued at the heal, sent review by review at the
// network's one-in-a-thousand round trip. Property 8 (sim/check/timely_completion.cpp) bounds
// each review's completion by the same terms, so properties 1 and 3 now judge no sooner than a
// strategy meeting property 8 could have finished. Definition: docs/properties.md ("Drain").
#include <cstddef>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

class World;

// The drain is never extended beyond this (a scenario's own `drain` may be up to as long): a
// world absurd enough to need more (round trips of minutes at sigma 3) is judged at this.
inline constexpr Time kLongestDrain = 7 * kDay;

// Alarm period + alarm lateness + worker start + request slack, plus the largest backoff and
// the largest Retry-After the strategy honours.
Time recovery_bound(const World& w);
// One queued review's share of a backlog: a start and an end at the one-in-a-thousand round
// trip, and the server's time for each.
Time backlog_item_bound(const World& w);
// `backlog` reviews sent one after another, nothing else.
Time backlog_send_time(const World& w, std::size_t backlog);
// `backlog` reviews sent one after another, with a worker restart (an alarm period and a cold
// start) each time a worker reaches its hard lifetime limit.
Time backlog_time(const World& w, std::size_t backlog);
// Reviews that truly ended by `at` and have no completed server row of this browser's at `at`.
std::size_t backlog_at(const World& w, Time at);
// The drain this world gets after its heal at `healAt`: the scenario's, or the time above if
// that is longer (at most kLongestDrain).
Time drain_needed(const World& w, Time healAt);
// A review still open at the heal may end late in the drain; the drain then lasts until the
// recovery bound after the last review that ended (World::run() extends it while one does).
Time last_close(const World& w);

}  // namespace syncsim::sim
