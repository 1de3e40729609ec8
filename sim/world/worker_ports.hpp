#pragma once
// core::WorkerPorts for one service-worker incarnation, backed by the simulated browser.
// Every extension API call resets the worker's idle timer; fetch does not (as in Chrome).
#include "core/ports.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"

namespace syncsim::sim {

class Alarms;
class Browser;
class BrowserStorage;
class Metrics;
class Network;
class ServiceWorker;

class WorkerPortsImpl final : public core::WorkerPorts {
 public:
  // `worker`: the incarnation's own worker, whose idle timer each API call resets; `mathRandom`:
  // the extension's Math.random().
  WorkerPortsImpl(ServiceWorker& worker, Scheduler& sched, Trace& trace, Metrics& metrics, Network& network,
                  BrowserStorage& storage, Alarms& alarms, Browser& browser, Rng& mathRandom)
      : worker_(worker),
        sched_(sched),
        trace_(trace),
        metrics_(metrics),
        network_(network),
        storage_(storage),
        alarms_(alarms),
        browser_(browser),
        random_(mathRandom) {}

  // The clock a JS extension's timers run on, and the worker whose runtime state it keeps
  // (sim/js/shim.cpp).
  Scheduler& scheduler() { return sched_; }
  ServiceWorker& worker() { return worker_; }

  core::Millis now() override;
  double random() override;
  bool online() override;
  void log(core::LogCode code, core::LocalId id, std::int64_t value) override;

  Task<std::optional<core::Session>> get_session(core::LocalId id) override;
  Task<core::StorageStatus> save_session(core::Session s) override;
  Task<core::StorageStatus> remove_session(core::LocalId id) override;
  Task<core::PersistedQueues> get_queues() override;
  Task<core::StorageStatus> set_pending_sessions(std::vector<core::PendingSession> v) override;
  Task<std::vector<core::FailedItem>> get_failed_sync_items() override;
  Task<core::StorageStatus> set_failed_sync_items(std::vector<core::FailedItem> v) override;
  Task<core::StorageStatus> set_pending_activities(core::ActivityList v) override;
  Task<core::StorageStatus> set_active_sessions(std::vector<core::LocalId> v) override;
  Task<core::StorageStatus> set_session_start(std::vector<core::LocalId> active, core::Session s,
                                              std::vector<core::PendingSession> pending) override;
  Task<core::AuthState> get_auth() override;
  Task<core::StorageStatus> set_auth(core::AuthState a) override;

  Task<core::HttpResponse> fetch(core::HttpRequest req, core::Millis timeoutMs) override;
  Task<void> alarms_create(core::AlarmName name, core::Millis delayMs, core::Millis periodMs) override;
  Task<bool> alarms_clear(core::AlarmName name) override;
  Task<bool> alarms_get(core::AlarmName name) override;
  Task<bool> tab_exists(std::uint32_t tabId) override;
  void detach(Task<void> work) override;

 private:
  template <class T>
  Task<core::StorageStatus> set(int key, T value);
  ServiceWorker& worker_;
  Scheduler& sched_;
  Trace& trace_;
  Metrics& metrics_;
  Network& network_;
  BrowserStorage& storage_;
  Alarms& alarms_;
  Browser& browser_;
  Rng& random_;
};

}  // namespace syncsim::sim
