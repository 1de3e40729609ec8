#pragma once
// Task<T>: the lazy coroutine type the sync core is written in. Each `await` of the plan's
// TypeScript is a `co_await` of a Task here, so the simulator decides what runs in between.
//
// - Lazy: nothing runs until the Task is awaited or spawned as a root.
// - Symmetric transfer: resuming the awaiting coroutine at completion is a tail call.
// - Ownership: a Task owns its frame. Destroying a suspended parent destroys the child Task
//   object held in its frame, and so the whole chain, without resuming anything. That is how
//   a killed service worker's code "never runs after the pending await".
// - Roots: a Task detached into a Context (see sim/runtime/scheduler.hpp) is linked into that
//   context's root list through RootLink and unlinks/destroys itself when it finishes.
// Failures are values, not exceptions: an exception escaping a coroutine is a bug (terminate).
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

#include "frame_pool.hpp"

namespace syncsim {

// Intrusive list node for root tasks owned by a context (no allocation to spawn).
struct RootLink {
  RootLink* prev = nullptr;
  RootLink* next = nullptr;
  std::coroutine_handle<> handle;
};

namespace detail {

struct PromiseBase {
  std::coroutine_handle<> continuation;
  RootLink link;         // used only when detached as a root of a context
  bool is_root = false;

  static void* operator new(std::size_t n) { return frame_alloc(n); }
  static void operator delete(void* p, std::size_t n) noexcept { frame_free(p, n); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      PromiseBase& p = h.promise();
      if (p.is_root) {
        // A finished root: unlink it from its context and free it. Destroying a coroutine
        // suspended at its final suspend point from inside await_suspend is allowed.
        RootLink& r = p.link;
        if (r.prev) r.prev->next = r.next;
        if (r.next) r.next->prev = r.prev;
        h.destroy();
        return std::noop_coroutine();
      }
      return p.continuation ? p.continuation : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { std::terminate(); }
};

}  // namespace detail

template <class T = void>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    template <class U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };

  Task() = default;
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    h_.promise().continuation = awaiting;
    return h_;
  }
  T await_resume() { return std::move(*h_.promise().value); }

  std::coroutine_handle<promise_type> release() noexcept { return std::exchange(h_, {}); }
  bool done() const noexcept { return h_ && h_.done(); }

 private:
  void reset() noexcept {
    if (h_) h_.destroy();
    h_ = {};
  }
  std::coroutine_handle<promise_type> h_;
};

template <>
class [[nodiscard]] Task<void> {
 public:
  struct promise_type : detail::PromiseBase {
    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    void return_void() noexcept {}
  };

  Task() = default;
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    h_.promise().continuation = awaiting;
    return h_;
  }
  void await_resume() noexcept {}

  std::coroutine_handle<promise_type> release() noexcept { return std::exchange(h_, {}); }
  bool done() const noexcept { return h_ && h_.done(); }

 private:
  void reset() noexcept {
    if (h_) h_.destroy();
    h_ = {};
  }
  std::coroutine_handle<promise_type> h_;
};

}  // namespace syncsim
