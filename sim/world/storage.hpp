#pragma once
// chrome.storage.local: typed values per key, async get/set with 1-5 ms latency applied in the
// order the calls were made, persisting across worker and browser restarts. A set is applied
// all at once when it completes; if the worker died after issuing it, it is still applied
// unless the "lose in-flight set" fault is on. Quota is checked on each set (size estimated).
#include <coroutine>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class Metrics;

// chrome.storage.local.remove('session:ID').
struct SessionRemoval {
  core::LocalId id = 0;
};

enum class StorageKey : std::uint16_t { Session, PendingSessions, FailedSyncItems, PendingActivities, Auth, ActiveSessions };

struct StorageState {
  std::vector<std::optional<core::Session>> sessions;  // by localId
  std::vector<core::PendingSession> pendingSessions;
  std::vector<core::FailedItem> failedSyncItems;
  core::ActivityList pendingActivities;
  core::AuthState auth;
  std::vector<core::LocalId> activeSessions;
  std::size_t sessionCount = 0;
};

class BrowserStorage {
 public:
  BrowserStorage(Scheduler& sched, Trace& trace, Metrics& metrics, const BrowserParams& p, Rng rng);

  // The time at which an operation issued now completes (FIFO: never before the previous one).
  Time next_completion();

  using Value = std::variant<core::Session, std::vector<core::PendingSession>, std::vector<core::FailedItem>,
                             core::ActivityList, core::AuthState, std::vector<core::LocalId>, SessionRemoval>;
  // Queues a set that is applied at `at` (a world event: it survives the worker's death).
  core::StorageStatus write(StorageKey key, Value v, Time at);
  // co_await applied() right after a write that returned Ok: the apply event itself resumes the
  // caller, in the caller's context, if that incarnation is still alive. A separate wake-up at
  // the same time would be the very next event anyway (it is scheduled right after the apply),
  // so the order is the same with one event fewer per set.
  struct AppliedAwaiter {
    BrowserStorage* s;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { s->writes_.back().waiter = h; }
    void await_resume() const noexcept {}
  };
  AppliedAwaiter applied() { return AppliedAwaiter{this}; }

  const StorageState& state() const { return s_; }
  StorageState& mutable_state() { return s_; }
  std::int64_t bytes() const;
  void set_loss_window(Time until) { lossUntil_ = until; }
  // A set in flight when its worker dies is lost now (the browser's setting, or the fault's window).
  bool inflight_lost_on_kill(Time now) const { return p_.loseInflightSetOnKill || now < lossUntil_; }
  void extend_loss_window(Time until) { lossUntil_ = lossUntil_ > until ? lossUntil_ : until; }

 private:
  struct PendingWrite {
    StorageKey key;
    Value value;
    ContextRef issuer;
    std::coroutine_handle<> waiter;  // resumed after the apply (applied()); may be null
  };
  static void on_apply(void* self, std::uint64_t);
  std::int64_t bytes_after(const Value& v) const;

  Scheduler& sched_;
  Trace& trace_;
  Metrics& metrics_;
  BrowserParams p_;
  Rng rng_;
  StorageState s_;
  Time last_ = 0;
  Time lossUntil_ = -1;
  // Sets in flight, oldest at writesHead_ (applied in order). A vector reused, not a deque: the
  // queue empties within a storage latency, so its capacity is allocated once.
  std::vector<PendingWrite> writes_;
  std::size_t writesHead_ = 0;
};

}  // namespace syncsim::sim
