#pragma once
// What really happened, kept apart from what any component believes: each review session's
// true interval (the tab was open) and how it ended. The checker and the reports judge the
// server's table against this.
#include <cstdint>
#include <vector>

#include "sim/runtime/time.hpp"

namespace syncsim::sim {

struct TrueSession {
  bool exists = false;
  Time openedAt = -1;
  Time closedAt = -1;      // -1 while open
  bool userClosed = false; // false: ended by a browser shutdown
  bool malformed = false;  // the backend will reject its start with 400
  Time heardAt = -1;       // a running worker's listener received a message from the tab
                           // (START_SESSION or ACTIVITY) and lived storage_latency_max after it;
                           // -1: never, so no strategy could have recorded it
  std::uint32_t repo = 0;  // the PR under review: what a JS extension's requests are matched on
  std::int32_t pr = 0;     // (sim/world/attribution.hpp)
};

class GroundTruth {
 public:
  void on_open(std::uint32_t tab, Time at, std::uint32_t repo = 0, std::int32_t pr = 0);
  void on_close(std::uint32_t tab, Time at, bool userClosed);
  void mark_malformed(std::uint32_t tab);
  void on_heard(std::uint32_t tab, Time at);
  // The device slept from `from` until a wake: no page ran, no user could work (property 7).
  void on_sleep(Time from);
  void on_wake(Time at);
  // The review's true duration: open with the device awake, from openedAt to closedAt.
  Time awake_open(const TrueSession& s) const;
  // How many device sleeps overlap the review's open interval.
  std::size_t sleeps_during(const TrueSession& s) const;
  const std::vector<TrueSession>& sessions() const { return s_; }
  std::size_t active() const { return active_; }

 private:
  TrueSession& at(std::uint32_t tab);
  std::vector<TrueSession> s_;  // by localId (= tab id)
  struct Sleep {
    Time from = 0;
    Time to = -1;  // -1 while asleep
  };
  std::vector<Sleep> sleeps_;   // in time order, never overlapping
  std::size_t active_ = 0;
};

}  // namespace syncsim::sim
