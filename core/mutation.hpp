#pragma once
// Planted defects, for showing that each property check can fail (tests/test_mutants.cpp,
// `syncsim check --mutant NAME`). None in any shipped strategy; how each is planted:
// core/defects.hpp.
#include <cstdint>
#include <optional>
#include <string_view>

namespace syncsim::core {

enum class Mutation : std::uint8_t {
  None,
  DropsFailedItems,          // a failed item leaves the queue: neither retried nor dead-lettered
  RetriesWithoutWaiting,     // a failed item is retried at once, up to the limit
  ForgetsQueueOnRestart,     // a new worker starts with an empty queue (never loads it)
  CreatesSessionOnEveryEnd,  // every successful end also creates and ends one more server session
  SkipsEndRequest,           // the end item is marked synced without calling the end endpoint
  Nondeterministic,          // state that leaks from one run into the next
  EndsOpenSessions,          // the startup sweep believes every tab is gone (hardened only sweeps)
  ReportsTransientAsInvalid, // a 5xx or a network error reaches the extension as a 400: dead-lettered at once
  DropsMessageWork,          // a message listener's `void work()` never runs: the worker hears tabs, records nothing
  EndsWithoutDuration,       // the end request reports 0 s of work (`duration_seconds || 0` with the data gone)
  FailsFirstEnd,             // each review's first end request fails without reaching the server: done a pass later
  TrustsLostAlarm,           // chrome.alarms.get always finds the alarm: a lost one is never re-created (F23)
  Count_
};
std::string_view mutation_name(Mutation m);
std::optional<Mutation> mutation_by_name(std::string_view name);
std::string_view mutation_names();  // every planted defect's name, comma-separated (for help and errors)

}  // namespace syncsim::core
