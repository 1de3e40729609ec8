#pragma once
// A tiny in-test browser for the core alone: storage in memory, fetch answered by a script,
// every call completing at once. No simulator involved.
#include <functional>
#include <map>
#include <vector>

#include "core/ports.hpp"

namespace syncsim::test {

struct FakePorts final : core::WorkerPorts {
  core::Millis clock = 1'000'000;
  double rnd = 0.5;
  bool isOnline = true;
  std::map<core::LocalId, core::Session> sessions;
  std::vector<core::PendingSession> pending;
  std::vector<core::FailedItem> failed;
  core::ActivityList activities;
  core::AuthState auth{true, 1, INT64_MAX / 4};
  std::vector<core::HttpRequest> requests;
  std::function<core::HttpResponse(const core::HttpRequest&)> server = [](const core::HttpRequest& r) {
    core::HttpResponse resp;
    resp.status = 200;
    if (r.endpoint == core::Endpoint::StartSession) resp.sessionId = 77;
    return resp;
  };
  std::vector<std::pair<core::LogCode, core::LocalId>> logs;
  int alarmsCreated = 0;
  core::Millis alarmPeriod = 0;

  core::Millis now() override { return clock; }
  double random() override { return rnd; }
  bool online() override { return isOnline; }
  void log(core::LogCode c, core::LocalId id, std::int64_t) override { logs.emplace_back(c, id); }

  Task<std::optional<core::Session>> get_session(core::LocalId id) override {
    auto it = sessions.find(id);
    if (it == sessions.end()) co_return std::nullopt;
    co_return it->second;
  }
  Task<core::StorageStatus> save_session(core::Session s) override {
    sessions[s.localId] = s;
    co_return core::StorageStatus::Ok;
  }
  Task<core::StorageStatus> remove_session(core::LocalId id) override {
    sessions.erase(id);
    co_return core::StorageStatus::Ok;
  }
  std::vector<core::LocalId> active;
  Task<core::PersistedQueues> get_queues() override { co_return core::PersistedQueues{pending, activities, active}; }
  Task<core::StorageStatus> set_active_sessions(std::vector<core::LocalId> v) override {
    active = std::move(v);
    co_return core::StorageStatus::Ok;
  }
  Task<core::StorageStatus> set_session_start(std::vector<core::LocalId> a, core::Session s,
                                              std::vector<core::PendingSession> p) override {
    active = std::move(a);
    sessions[s.localId] = s;
    pending = std::move(p);
    co_return core::StorageStatus::Ok;
  }
  Task<core::StorageStatus> set_pending_sessions(std::vector<core::PendingSession> v) override {
    pending = std::move(v);
    co_return core::StorageStatus::Ok;
  }
  Task<std::vector<core::FailedItem>> get_failed_sync_items() override { co_return failed; }
  Task<core::StorageStatus> set_failed_sync_items(std::vector<core::FailedItem> v) override {
    failed = std::move(v);
    co_return core::StorageStatus::Ok;
  }
  Task<core::StorageStatus> set_pending_activities(core::ActivityList v) override {
    activities = std::move(v);
    co_return core::StorageStatus::Ok;
  }
  Task<core::AuthState> get_auth() override { co_return auth; }
  Task<core::StorageStatus> set_auth(core::AuthState a) override {
    auth = a;
    co_return core::StorageStatus::Ok;
  }
  Task<core::HttpResponse> fetch(core::HttpRequest req, core::Millis) override {
    requests.push_back(req);
    co_return server(req);
  }
  Task<void> alarms_create(core::AlarmName, core::Millis, core::Millis period) override {
    ++alarmsCreated;
    alarmPeriod = period;
    co_return;
  }
  Task<bool> alarms_clear(core::AlarmName) override { co_return true; }
  Task<bool> alarms_get(core::AlarmName) override { co_return alarmsCreated > 0; }
  Task<bool> tab_exists(std::uint32_t) override { co_return false; }
  // Work a listener left running: a test runs it with test::run_task when it wants to.
  std::vector<Task<void>> detached;
  void detach(Task<void> work) override { detached.push_back(std::move(work)); }

  std::size_t count(core::Endpoint e) const {
    std::size_t n = 0;
    for (auto& r : requests) n += r.endpoint == e ? 1 : 0;
    return n;
  }
};

}  // namespace syncsim::test
