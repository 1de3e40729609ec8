#pragma once
// The network between the browser and the backend: log-normal latency, requests lost before
// the server, responses lost after it acted, offline windows (fetch fails at once), captive
// portals (navigator.onLine says yes, nothing passes), the client's own timeout and Chrome's
// rule that a worker whose fetch response takes over 30 s is terminated.
//
// Each request gets an outcome in the Jepsen sense: ok (answered), fail (the server certainly
// did not act) or unknown (the server may have acted, the client cannot know).
#include <coroutine>
#include <cstdint>
#include <vector>

#include "core/http.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/attribution.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

// The detail of a FetchDone trace record: what the client saw of its request (a client timeout
// may be followed by kDoneDropped when the answer arrives after all).
enum FetchDetail : std::uint16_t { kDoneOk, kDoneNetworkError, kDoneTimeout, kDoneDropped };

class Backend;
class GroundTruth;
class Metrics;
class ServiceWorker;

enum class Outcome : std::uint8_t { Ok, Fail, Unknown };

struct NetworkCounters {
  std::uint64_t sent = 0;
  std::uint64_t ok = 0;
  std::uint64_t fail = 0;
  std::uint64_t unknown = 0;
  std::uint64_t clientTimeouts = 0;
};

class Network {
 public:
  // `truth` and `client`: after each server change the network records what the dashboard
  // shows against the truth; `fetchResponseLimitMs`: Chrome's 30 s rule for worker fetches.
  Network(Scheduler& sched, Trace& trace, Backend& backend, Metrics& metrics, const GroundTruth& truth,
          std::uint32_t client, const NetworkParams& p, Time fetchResponseLimitMs, Rng rng);
  // The worker is built after the network (its ports fetch through it): World wires it here.
  void set_worker(ServiceWorker& worker) { worker_ = &worker; }
  // Requests attributed to reviews from what they carry (JS strategies); nullptr: the C++
  // port's own tags are trusted.
  void set_attribution(RequestAttribution* a) { attribution_ = a; }
  RequestAttribution* attribution() const { return attribution_; }

  // Awaitable fetch for a coroutine of the current context.
  struct FetchAwaiter {
    Network* net;
    core::HttpRequest req;
    Time timeoutMs;
    bool fromWorker;
    core::HttpResponse result;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    core::HttpResponse await_resume() { return std::move(result); }
  };
  FetchAwaiter fetch(core::HttpRequest req, Time timeoutMs, bool fromWorker) {
    return FetchAwaiter{this, std::move(req), timeoutMs, fromWorker, {}};
  }
  // Fire and forget (sendBeacon): nobody waits for the answer.
  void send_detached(core::HttpRequest req);

  // World state.
  bool offline() const { return offline_; }
  bool captive() const { return captive_; }
  void set_offline(bool v) { offline_ = v; }
  void set_captive(bool v) { captive_ = v; }
  void set_extra_loss(double p) { extraLoss_ = p; }
  void heal() { offline_ = captive_ = false; extraLoss_ = 0; }

  const NetworkCounters& counters() const { return counters_; }
  std::uint32_t in_flight() const { return inFlight_; }

 private:
  struct Slot {
    std::coroutine_handle<> h;
    ContextRef ctx;
    core::HttpResponse* out = nullptr;
    core::HttpRequest req;
    core::HttpResponse resp;
    std::uint32_t gen = 0;
    bool busy = false;
    bool serverActed = false;
    bool fromWorker = false;
    bool detached = false;
    bool blackholed = false;  // sent into a captive portal: no event will ever answer it
    bool answered = false;  // the client already got something (response or its own timeout)
    AttributionTag tag;     // with an attribution: what the request was about
  };

  std::uint32_t alloc();
  void release(std::uint32_t i);
  static std::uint64_t key(std::uint32_t i, std::uint32_t gen) { return (std::uint64_t{gen} << 32) | i; }
  Slot* lookup(std::uint64_t k);
  Time one_way();
  double loss() const { return p_.requestLoss + extraLoss_; }

  static void on_arrive(void* self, std::uint64_t k);
  static void on_deliver(void* self, std::uint64_t k);
  static void on_fail(void* self, std::uint64_t k);
  static void on_timeout(void* self, std::uint64_t k);
  static void on_watchdog(void* self, std::uint64_t k);
  void finish(std::uint32_t i, Outcome o);
  // Who waits for a response: all answer() needs, copied before the slot is freed.
  struct Waiter {
    std::coroutine_handle<> h;
    ContextRef ctx;
    core::HttpResponse* out;
    AttributionTag tag;
  };
  static Waiter waiter_of(const Slot& s) { return {s.h, s.ctx, s.out, s.tag}; }
  void answer(const Waiter& w, const core::HttpResponse& r);

  Scheduler& sched_;
  Trace& trace_;
  Backend& backend_;
  Metrics& metrics_;
  const GroundTruth& truth_;
  std::uint32_t client_;
  ServiceWorker* worker_ = nullptr;
  RequestAttribution* attribution_ = nullptr;
  NetworkParams p_;
  Time fetchResponseLimitMs_;
  Rng rng_;
  bool offline_ = false;
  bool captive_ = false;
  double extraLoss_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::uint32_t nextId_ = 1;
  std::uint32_t inFlight_ = 0;
  NetworkCounters counters_;
};

}  // namespace syncsim::sim
