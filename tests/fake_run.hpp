#pragma once
// Runs a Task to completion on a bare scheduler (tests of the core against fake ports).
#include <optional>

#include "sim/runtime/scheduler.hpp"

namespace syncsim::test {

template <class T>
Task<void> capture(Task<T> t, std::optional<T>& out) {
  out.emplace(co_await std::move(t));
}
inline Task<void> capture_void(Task<void> t, bool& done) {
  co_await std::move(t);
  done = true;
}

template <class T>
T run_task(sim::Scheduler& s, Task<T> t) {
  std::optional<T> out;
  const auto ctx = s.create_context();
  s.spawn(ctx, capture(std::move(t), out));
  while (!out && s.step()) {
  }
  return std::move(*out);
}

inline bool run_task(sim::Scheduler& s, Task<void> t) {
  bool done = false;
  const auto ctx = s.create_context();
  s.spawn(ctx, capture_void(std::move(t), done));
  while (!done && s.step()) {
  }
  return done;
}

}  // namespace syncsim::test
