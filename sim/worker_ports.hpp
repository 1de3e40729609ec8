#pragma once
// core::WorkerPorts for one service-worker incarnation, backed by the simulated browser.
// Every extension API call resets the worker's idle timer; fetch does not (facts/mv3.md).
#include "core/ports.hpp"
#include "sim/runtime/random.hpp"

namespace syncsim::sim {

class World;

class WorkerPortsImpl final : public core::WorkerPorts {
 public:
  explicit WorkerPortsImpl(World& w) : w_(w) {}

  core::Millis now() override;
  double random() override;
  bool online() override;
  void log(core::LogCode code, core::LocalId id, std::int64_t value) override;

  Task<std::optional<core::Session>> get_session(core::LocalId id) override;
  Task<core::StorageStatus> save_session(core::Session s) override;
  Task<core::PersistedQueues> get_queues() override;
  Task<core::StorageStatus> set_pending_sessions(std::vector<core::PendingSession> v) override;
  Task<std::vector<core::FailedItem>> get_failed_sync_items() override;
  Task<core::StorageStatus> set_failed_sync_items(std::vector<core::FailedItem> v) override;
  Task<core::StorageStatus> set_pending_activities(std::vector<core::Activity> v) override;
  Task<core::StorageStatus> set_active_sessions(std::vector<core::LocalId> v) override;
  Task<core::AuthState> get_auth() override;
  Task<core::StorageStatus> set_auth(core::AuthState a) override;

  Task<core::HttpResponse> fetch(core::HttpRequest req, core::Millis timeoutMs) override;
  Task<void> alarms_create(core::AlarmName name, core::Millis delayMs, core::Millis periodMs) override;
  Task<bool> alarms_clear(core::AlarmName name) override;
  Task<bool> tab_exists(std::uint32_t tabId) override;

 private:
  template <class T>
  Task<core::StorageStatus> set(int key, T value);
  World& w_;
};

}  // namespace syncsim::sim
