#pragma once
// A one-shot promise the worker's handlers can await (hardened: "load before use").
// Waiters are resumed in the order they arrived, inside the context that opens the gate.
#include <coroutine>
#include <vector>

namespace syncsim::core {

class Gate {
 public:
  bool is_open() const { return open_; }
  void open() {
    open_ = true;
    auto waiters = std::move(waiters_);
    waiters_.clear();
    for (auto h : waiters) h.resume();
  }
  struct Awaiter {
    Gate* g;
    bool await_ready() const noexcept { return g->open_; }
    void await_suspend(std::coroutine_handle<> h) { g->waiters_.push_back(h); }
    void await_resume() const noexcept {}
  };
  Awaiter wait() { return Awaiter{this}; }

 private:
  bool open_ = false;
  std::vector<std::coroutine_handle<>> waiters_;
};

}  // namespace syncsim::core
