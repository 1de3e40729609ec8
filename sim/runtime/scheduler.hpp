#pragma once
// The deterministic event loop: one thread, a virtual clock, events ordered by (time, sequence
// number), so events due at the same millisecond run in the order they were scheduled.
// Everything in a run - the core's coroutines, the network, the browser - advances only
// through here.
//
// Two stores, one order. An event due within the next 256 ms (storage latencies, cold starts,
// round trips, the current millisecond: most of a day's events) goes to a timing wheel of one
// FIFO per millisecond; a later one (pings, idle checks, alarms, the user's schedule) to a 4-ary
// min-heap. A FIFO is in sequence order because sequence numbers only grow. A heap event due
// at t was scheduled when the clock was at most t - 256, before any wheel event due at t, so at
// each millisecond the heap's events run first, then the wheel's: the (time, sequence) order,
// without a heap push and pop for the near ones. (An event scheduled with a reserved, older
// sequence number always goes to the heap; at a tie of times the two stores' heads are
// compared by sequence number, so the order is exact either way.)
//
// Contexts model JavaScript realms that can die: a service-worker incarnation, a page's
// content script. Root tasks are spawned into a context; kill(ctx) destroys every suspended
// frame the context owns (nothing after the pending co_await runs) and bumps its incarnation,
// so wake-ups scheduled for the old incarnation are discarded, never resumed.
#include <array>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/task.hpp"
#include "sim/runtime/time.hpp"

namespace syncsim::sim {

using EventFn = void (*)(void* obj, std::uint64_t arg);

// A context and the incarnation a wake-up belongs to. id 0 is the world: it never dies.
struct ContextRef {
  std::uint32_t id = 0;
  std::uint32_t incarnation = 0;
};

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Time now() const { return now_; }

  // Plain events. `ctx` other than the world makes the event conditional on that incarnation.
  void at(Time t, EventFn fn, void* obj, std::uint64_t arg, ContextRef ctx = {});
  void after(Time delay, EventFn fn, void* obj, std::uint64_t arg, ContextRef ctx = {}) {
    at(later(delay), fn, obj, arg, ctx);
  }
  // Sequence numbers for n events to be scheduled later, one at a time, as if each had been
  // scheduled now (at_reserved): a chain of planned events holds one heap entry, not n, and runs
  // in the order n events scheduled now would.
  std::uint64_t reserve_seqs(std::uint64_t n) {
    const std::uint64_t base = seq_;
    seq_ += n;
    return base;
  }
  void at_reserved(Time t, EventFn fn, void* obj, std::uint64_t arg, std::uint64_t seq);
  // Resume `h` at time t if ctx is still the same incarnation then.
  void resume_at(Time t, std::coroutine_handle<> h, ContextRef ctx);
  // Resume `h` now, inside ctx, if that incarnation is alive; returns whether it ran.
  bool resume_now(std::coroutine_handle<> h, ContextRef ctx);

  // Contexts.
  std::uint32_t create_context();
  ContextRef ref(std::uint32_t id) const { return {id, contexts_[id].incarnation}; }
  ContextRef current() const { return current_; }
  bool alive(ContextRef c) const { return contexts_[c.id].incarnation == c.incarnation; }
  // Destroys all suspended roots of the context, bumps its incarnation. Never call it from a
  // coroutine of that same context (it would destroy the running frame).
  void kill(std::uint32_t id);
  // Starts `t` as a root of the context at the current time (after already-due events).
  void spawn(std::uint32_t id, Task<void> t);
  // Starts `t` as a root of the context inside the current event, running it to its first
  // suspension before returning: JavaScript's call of an async function without await.
  void start_now(std::uint32_t id, Task<void> t);
  std::size_t live_roots(std::uint32_t id) const;

  // The loop.
  bool step();                    // runs one event; false when none is left
  void run_until(Time end);       // runs every event due at or before `end`; now() = end after
  bool empty() const { return heap_.empty() && wheelCount_ == 0; }
  std::size_t pending() const { return heap_.size() + wheelCount_; }
  std::uint64_t events_run() const { return events_run_; }
  Time next_time() const {
    const Time w = wheelCount_ ? wheel_next() : INT64_MAX;
    return heap_.empty() || w < heap_.front().at ? w : heap_.front().at;
  }

  // co_await sched.sleep_for(ms): a timer in the current context; never fires early.
  struct SleepAwaiter {
    Scheduler* s;
    Time until;
    bool await_ready() const noexcept { return false; }  // sleep_for(0) still yields, like setTimeout(0)
    void await_suspend(std::coroutine_handle<> h) { s->resume_at(until, h, s->current_); }
    void await_resume() const noexcept {}
  };
  SleepAwaiter sleep_for(Time d) { return SleepAwaiter{this, later(d)}; }
  // now() + d, never before now() and never past the end of time: a delay too large to add
  // (a hostile retry-after, a huge fault) means "never" (INT64_MAX), not a time in the past.
  Time later(Time d) const { return d <= 0 ? now_ : (d > INT64_MAX - now_ ? INT64_MAX : now_ + d); }
  SleepAwaiter sleep_until(Time t) { return SleepAwaiter{this, t < now_ ? now_ : t}; }

 private:
  std::coroutine_handle<> adopt_root(std::uint32_t id, Task<void> t);
  struct Event {
    Time at;
    std::uint64_t seq;
    EventFn fn;  // null: resume the coroutine at `obj`
    void* obj;
    std::uint64_t arg;
    ContextRef ctx;
  };
  struct Context {
    std::uint32_t incarnation = 1;
    RootLink roots;  // sentinel of the intrusive list of live root frames
  };

  // The heap holds 24-byte entries (time; sequence number and payload slot packed in one word,
  // so one integer comparison breaks ties by scheduling order; the object the event touches, to
  // fetch it one event ahead); the 32-byte payloads stay put in a slot pool.
  struct HeapEntry {
    Time at;
    std::uint64_t key;  // seq << kSlotBits | slot
    void* obj;          // the payload's object, to fetch it ahead (Scheduler::pop)
  };
  struct Payload {
    EventFn fn;
    void* obj;
    std::uint64_t arg;
    ContextRef ctx;
  };
  // Up to 16.7 M events waiting in the heap at once, and 2^40 events in one run.
  static constexpr unsigned kSlotBits = 24;

  static constexpr unsigned kWheelBits = 8;
  static constexpr std::size_t kWheel = std::size_t{1} << kWheelBits;  // milliseconds ahead
  static constexpr std::size_t kWheelMask = kWheel - 1;
  struct Bucket {
    std::vector<Event> q;  // [head, size) pending, in sequence order
    std::size_t head = 0;
  };

  void push(const Event& e);
  void push_heap(const Event& e);
  bool heap_first(Time w) const;  // at the wheel's earliest time w: is the heap's top earlier?
  Event pop();
  Event next();              // the earliest event, from the heap or the wheel
  Event take_wheel(Time t);  // the first wheel event due at t
  void run(const Event& e);  // advances the clock to it and runs it, unless its incarnation is dead
  Time wheel_next() const;   // the earliest time with a wheel event (wheelCount_ > 0)

  Time now_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t events_run_ = 0;
  ContextRef current_{};
  std::vector<HeapEntry> heap_;
  std::vector<Payload> payloads_;
  std::vector<std::uint32_t> freePayloads_;
  std::array<Bucket, kWheel> wheel_;                  // bucket t & kWheelMask: events due at t, now_ <= t < now_ + kWheel
  std::array<std::uint64_t, kWheel / 64> wheelBits_{};  // the non-empty buckets
  std::size_t wheelCount_ = 0;
  std::deque<Context> contexts_;  // deque: root-list sentinels must not move when contexts are added
};

}  // namespace syncsim::sim
