#pragma once
// One realm running an extension bundle, and the browser API it sees (the C++ half; the JS half
// is sim/js/prelude.hpp). Every browser call goes through core::WorkerPorts, so the world, the
// trace and the checker see a JS extension exactly as they see the C++ core:
//
//   chrome.storage.local  'session:<id>'         get_session / save_session
//                         pendingSessions, pendingActivities, activeSessions (any of the three
//                         in one get)            get_queues; set_pending_sessions, ...
//                         failedSyncItems, auth  get_/set_failed_sync_items, get_/set_auth
//   fetch                 fetch (the request typed from method, URL, headers and JSON body)
//   chrome.alarms         alarms_create / alarms_clear / alarms_get ('sync' only)
//   chrome.tabs.get       tab_exists
//   Date, Math.random, navigator.onLine, console   now / random / online; console is discarded
//   setTimeout/setInterval  the simulator's clock (sim::Scheduler, via sim::WorkerPortsImpl)
//
// Realms: one per world's worker, reset for each incarnation (set_realm_per_incarnation for a
// new one each time). A new realm with the API in place and the bundle instantiated costs
// ~0.3-0.5 ms here, and a day has ~1,000 worker starts (an alarm a minute outlives the 30 s idle
// timeout), so a realm per incarnation alone would exceed the per-day budget. A new incarnation
// gets what a new realm gives the bundle: its top level runs again (an IIFE bundle's module
// state is new closures), chrome.*, listeners and timers are new, and globals the previous
// incarnation added are deleted and those it replaced restored (prelude.hpp, reset). Not reset:
// changes to built-in prototypes (none of extension/'s bundles makes any). The test
// "js: a realm per incarnation gives the same histories" holds both to the same traces.
//
// A host call starts its port call at once (as the C++ core's co_await does), and when that
// completes the promise is settled and the microtask queue drained (Engine::turn). The port
// calls' coroutine frames belong to this object: destroying it (after the scheduler killed the
// worker's context, as sim::ServiceWorker does) drops them all and nothing ever resumes.
//
// Values cross as the typed core/types.hpp records. Timestamps are Date.now() values: virtual
// time plus kEpochMs, so time 0 is a plausible date and never falsy. Repos are interned
// integers: repo n is "org"/"repo-<n>" (repo_id() maps any other name to a stable hash).
#include <coroutine>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports.hpp"
#include "sim/js/engine.hpp"

namespace syncsim::sim::js {

// Tests: a new realm for every incarnation on this thread (true) instead of the world's realm
// reset for each (the default; see Shim).
void set_realm_per_incarnation(bool on);

// Date.now() at virtual time 0: 2025-01-01T00:00:00Z.
inline constexpr core::Millis kEpochMs = 1735689600000;

// The interned repo integer of an owner/name pair, and back.
std::uint32_t repo_id(std::string_view owner, std::string_view name);
std::string repo_owner(std::uint32_t repo);
std::string repo_name(std::uint32_t repo);

// Listener completions: a listener's promise settles -> its waiter is resumed (after the turn).
class WaiterTable;

// co_await Settled{...}: resumes when the listeners' promise of one dispatch settled.
class Settled {
 public:
  Settled(std::shared_ptr<WaiterTable> table, int id) : table_(std::move(table)), id_(id) {}
  Settled(const Settled&) = delete;
  Settled& operator=(const Settled&) = delete;
  ~Settled();
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<> h);
  void await_resume() const noexcept {}

 private:
  std::shared_ptr<WaiterTable> table_;
  int id_;
};

class Shim final : public RealmHost {
 public:
  // A new realm with the browser API in place; the bundle at `bundlePath` is compiled (once
  // per thread) but not yet run. `ports` must outlive this object.
  Shim(core::WorkerPorts& ports, const std::string& bundlePath);
  ~Shim();
  Shim(const Shim&) = delete;
  Shim& operator=(const Shim&) = delete;

  // The bundle's top level (once).
  void run_bundle();

  // Events. Each returns the waiter of the listeners' promise, or -1 when there is none to
  // wait for (no listener returned a promise).
  int installed();
  int startup();
  int alarm(core::AlarmName name, core::Millis periodMs);
  int tab_removed(std::uint32_t tabId);
  int start_session_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr);
  int activity_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq);
  int page_hide_message(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq, std::int64_t openedAt);
  int online();
  // GET_BEACON_PAYLOAD, answered synchronously: the payload's sessions.
  std::vector<core::PendingSession> beacon_payload();
  Settled wait(int waiter) { return Settled(waiters_, waiter); }

  // Errors nobody caught (listener exceptions and rejections, uncaught job errors), in order.
  const std::vector<std::string>& uncaught() const { return uncaught_; }
  void on_uncaught(const std::string& message) override;
  std::uint64_t host_calls() const { return hostCalls_; }
  std::size_t pending_host_calls() const;

  // Used by the native host functions (shim.cpp).
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::shared_ptr<WaiterTable> waiters_;
  std::vector<std::string> uncaught_;
  std::uint64_t hostCalls_ = 0;
  std::unique_ptr<Impl> impl_;
  friend struct Impl;
};

}  // namespace syncsim::sim::js
