#pragma once
// The user: opens PR tabs during working hours, reviews each for 1-20 minutes, closes it;
// sometimes opens another while one is still open. The whole day is drawn from the "user"
// stream before the run, so every strategy faces the same user. Actions that fall while the
// device sleeps or the browser is closed happen when it is back.
#include <cstdint>
#include <vector>

#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/time.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class Browser;
class GroundTruth;

// The day's plan (pure: a function of the parameters and the stream).
std::vector<PlannedSession> plan_sessions(const UserParams& p, Time duration, Rng& rng);

class User {
 public:
  // `truth` learns which planned reviews are malformed; the user acts through the browser.
  User(Scheduler& sched, GroundTruth& truth, Browser& browser, std::vector<PlannedSession> plan);
  // Schedules the plan's openings: one at a time, each as it were scheduled now (the
  // scheduler's reserved sequence numbers), so a months-long plan holds one event, not one per
  // review, in the queue.
  void schedule_all();
  const std::vector<PlannedSession>& plan() const { return plan_; }

 private:
  void schedule_next();
  static void on_planned_open(void* self, std::uint64_t i);
  static void on_open(void* self, std::uint64_t i);
  static void on_close(void* self, std::uint64_t i);
  Scheduler& sched_;
  GroundTruth& truth_;
  Browser& browser_;
  std::vector<PlannedSession> plan_;
  std::vector<std::uint32_t> order_;  // plan indices by opening time (stable)
  std::size_t next_ = 0;              // the next of order_ to schedule
  std::uint64_t seqBase_ = 0;         // plan index i opens with sequence number seqBase_ + i
};

}  // namespace syncsim::sim
