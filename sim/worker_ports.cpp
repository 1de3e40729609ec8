#include "worker_ports.hpp"

#include "world.hpp"

namespace syncsim::sim {



core::Millis WorkerPortsImpl::now() { return w_.sched.now(); }
double WorkerPortsImpl::random() { return w_.coreRng.uniform01(); }
bool WorkerPortsImpl::online() { return !w_.network.offline(); }

void WorkerPortsImpl::log(core::LogCode code, core::LocalId id, std::int64_t value) {
  w_.trace.emit(w_.sched.now(), TraceKind::Core, static_cast<std::uint16_t>(code), id, value);
  w_.metrics.on_core_log(code, id, value, w_.sched.now());
}

Task<std::optional<core::Session>> WorkerPortsImpl::get_session(core::LocalId id) {
  w_.worker.touch();
  co_await w_.sched.sleep_until(w_.storage.next_completion());
  w_.trace.emit(w_.sched.now(), TraceKind::StorageGet, static_cast<std::uint16_t>(StorageKey::Session), id);
  const auto& s = w_.storage.state().sessions;
  co_return id < s.size() ? s[id] : std::nullopt;
}

template <class T>
Task<core::StorageStatus> WorkerPortsImpl::set(int key, T value) {
  w_.worker.touch();
  const Time at = w_.storage.next_completion();
  const core::StorageStatus st = w_.storage.write(static_cast<StorageKey>(key), std::move(value), at);
  co_await w_.sched.sleep_until(at);  // resumes after the write was applied (same time, later)
  co_return st;
}

Task<core::StorageStatus> WorkerPortsImpl::save_session(core::Session s) {
  return set(static_cast<int>(StorageKey::Session), std::move(s));
}

Task<core::PersistedQueues> WorkerPortsImpl::get_queues() {
  w_.worker.touch();
  co_await w_.sched.sleep_until(w_.storage.next_completion());
  w_.trace.emit(w_.sched.now(), TraceKind::StorageGet, static_cast<std::uint16_t>(StorageKey::PendingSessions));
  const auto& s = w_.storage.state();
  co_return core::PersistedQueues{s.pendingSessions, s.pendingActivities, s.activeSessions};
}

Task<core::StorageStatus> WorkerPortsImpl::set_pending_sessions(std::vector<core::PendingSession> v) {
  return set(static_cast<int>(StorageKey::PendingSessions), std::move(v));
}

Task<std::vector<core::FailedItem>> WorkerPortsImpl::get_failed_sync_items() {
  w_.worker.touch();
  co_await w_.sched.sleep_until(w_.storage.next_completion());
  co_return w_.storage.state().failedSyncItems;
}

Task<core::StorageStatus> WorkerPortsImpl::set_failed_sync_items(std::vector<core::FailedItem> v) {
  return set(static_cast<int>(StorageKey::FailedSyncItems), std::move(v));
}

Task<core::StorageStatus> WorkerPortsImpl::set_pending_activities(std::vector<core::Activity> v) {
  return set(static_cast<int>(StorageKey::PendingActivities), std::move(v));
}

Task<core::StorageStatus> WorkerPortsImpl::set_active_sessions(std::vector<core::LocalId> v) {
  return set(static_cast<int>(StorageKey::ActiveSessions), std::move(v));
}

Task<core::AuthState> WorkerPortsImpl::get_auth() {
  w_.worker.touch();
  co_await w_.sched.sleep_until(w_.storage.next_completion());
  co_return w_.storage.state().auth;
}

Task<core::StorageStatus> WorkerPortsImpl::set_auth(core::AuthState a) {
  return set(static_cast<int>(StorageKey::Auth), a);
}

Task<core::HttpResponse> WorkerPortsImpl::fetch(core::HttpRequest req, core::Millis timeoutMs) {
  co_return co_await w_.network.fetch(std::move(req), timeoutMs, true);
}

Task<void> WorkerPortsImpl::alarms_create(core::AlarmName name, core::Millis delayMs, core::Millis periodMs) {
  w_.worker.touch();
  w_.alarms.create(name, delayMs, periodMs);
  co_await w_.sched.sleep_for(1);
}

Task<bool> WorkerPortsImpl::alarms_clear(core::AlarmName name) {
  w_.worker.touch();
  const bool had = w_.alarms.clear(name);
  co_await w_.sched.sleep_for(1);
  co_return had;
}

Task<bool> WorkerPortsImpl::tab_exists(std::uint32_t tabId) {
  w_.worker.touch();
  co_await w_.sched.sleep_for(1);
  co_return w_.browser.tab_open(tabId);
}

}  // namespace syncsim::sim
