#pragma once
// The JavaScript engine (SpiderMonkey 102) behind sim/js/: one JSContext per thread, created on
// first use, so that each `--jobs` thread has its own. It owns the microtask queue (a FIFO the
// shim drains to empty after every host completion, timer and event dispatch), the compiled
// bundles (one stencil per file, instantiated in every realm) and the long-lived global whose
// zone every realm joins (a zone per realm runs out of memory after a few thousand worker
// kills). No engine type leaks out of sim/js/: the headers forward-declare what they name.
#include <coroutine>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct JSContext;
class JSObject;
namespace js::frontend {
struct CompilationStencil;
}

namespace syncsim::sim::js {

// What a realm's private pointer is (JS::SetRealmPrivate): told of errors nobody caught.
class RealmHost {
 public:
  virtual void on_uncaught(const std::string& message) = 0;

 protected:
  ~RealmHost() = default;
};

class Engine {
 public:
  // This thread's engine, created on first use and destroyed when the thread exits.
  static Engine& get();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  JSContext* cx() const;
  // The global created once per thread whose zone every realm is created in.
  JSObject* zone_global() const;

  // The script at `path`, compiled once per thread; nullptr (and `error` set) when it cannot be
  // read or does not compile.
  ::js::frontend::CompilationStencil* stencil(const std::string& path, std::string& error);
  // The shim's prelude (sim/js/shim.cpp), compiled once per thread.
  ::js::frontend::CompilationStencil* prelude(std::string& error);

  // One host turn ends: run every queued job (each in its own realm) until the queue is empty,
  // then resume the C++ continuations deferred meanwhile (defer()). A nested call (from JS run
  // by an outer turn) returns at once; the outer one finishes the work.
  void turn();
  bool in_turn() const;
  // Resume `h` when the current turn has drained (at once if no turn is running).
  void defer(std::coroutine_handle<> h);
  // Forget the queued jobs of a realm that died (its global), so none of them ever runs.
  void forget_realm(JSObject* global);

  std::uint64_t jobs_run() const;

  // Clears the pending exception of `cx` and tells the current realm's RealmHost about it.
  static void report_exception(JSContext* cx);

  // Every uncaught error of every realm on this thread (a count, and the latest few).
  void note_uncaught(const std::string& message);
  std::uint64_t uncaught_count() const;
  const std::vector<std::string>& recent_uncaught() const;

 private:
  Engine();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncsim::sim::js
