#pragma once
// The tests that run the whole scenario library several times over (golden hashes, run-twice
// determinism, attribution, the C++/TypeScript differential) leave out its weeks-long worlds in
// a sanitized build (SYNCSIM_SLOW_BUILD, tests/CMakeLists.txt). Such a world repeats a day's
// code paths for weeks, and under ASan one of them (scenarios/found/hardened-nothing_lost-
// seed68.json, 52 days) costs minutes per strategy. The Release build runs them all, and
// "every shipped scenario x strategy matches its recorded expectation" runs them in every build.
#include "sim/runtime/time.hpp"

namespace syncsim::test {

#ifdef SYNCSIM_SLOW_BUILD
inline constexpr bool kSkipLongWorlds = true;
#else
inline constexpr bool kSkipLongWorlds = false;
#endif

// Three days and more: tests/worlds/hardened-backlog-pass.json (72 h of captive portal, then a
// backlog of hundreds) cost most of the sanitized build's time in the tests' own worlds.
inline bool skipped_long_world(sim::Time durationMs) { return kSkipLongWorlds && durationMs >= 3 * sim::kDay; }

}  // namespace syncsim::test
