#include "sim/world/worker_ports.hpp"

#include "sim/world/alarms.hpp"
#include "sim/world/browser.hpp"
#include "sim/world/metrics.hpp"
#include "sim/world/network.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"

namespace syncsim::sim {

core::Millis WorkerPortsImpl::now() { return sched_.now(); }
double WorkerPortsImpl::random() { return random_.uniform01(); }
bool WorkerPortsImpl::online() { return !network_.offline(); }

void WorkerPortsImpl::log(core::LogCode code, core::LocalId id, std::int64_t value) {
  trace_.emit(sched_.now(), TraceKind::Core, static_cast<std::uint16_t>(code), id, value);
  metrics_.on_core_log(code, id, value, sched_.now());
}

Task<std::optional<core::Session>> WorkerPortsImpl::get_session(core::LocalId id) {
  worker_.touch();
  co_await sched_.sleep_until(storage_.next_completion());
  trace_.emit(sched_.now(), TraceKind::StorageGet, static_cast<std::uint16_t>(StorageKey::Session), id);
  const auto& s = storage_.state().sessions;
  co_return id < s.size() ? s[id] : std::nullopt;
}

template <class T>
Task<core::StorageStatus> WorkerPortsImpl::set(int key, T value) {
  worker_.touch();
  const Time at = storage_.next_completion();
  const core::StorageStatus st = storage_.write(static_cast<StorageKey>(key), std::move(value), at);
  if (st == core::StorageStatus::Ok) {
    co_await storage_.applied();  // resumed by the apply
  } else {
    co_await sched_.sleep_until(at);  // a refused set still takes its time
  }
  co_return st;
}

Task<core::StorageStatus> WorkerPortsImpl::save_session(core::Session s) {
  return set(static_cast<int>(StorageKey::Session), std::move(s));
}

Task<core::StorageStatus> WorkerPortsImpl::remove_session(core::LocalId id) {
  return set(static_cast<int>(StorageKey::Session), SessionRemoval{id});
}

Task<core::PersistedQueues> WorkerPortsImpl::get_queues() {
  worker_.touch();
  co_await sched_.sleep_until(storage_.next_completion());
  trace_.emit(sched_.now(), TraceKind::StorageGet, static_cast<std::uint16_t>(StorageKey::PendingSessions));
  const auto& s = storage_.state();
  co_return core::PersistedQueues{s.pendingSessions, s.pendingActivities, s.activeSessions};
}

Task<core::StorageStatus> WorkerPortsImpl::set_pending_sessions(std::vector<core::PendingSession> v) {
  if (RequestAttribution* a = network_.attribution()) a->on_pending_written(v, storage_.state().sessions, sched_.now());
  return set(static_cast<int>(StorageKey::PendingSessions), std::move(v));
}

Task<std::vector<core::FailedItem>> WorkerPortsImpl::get_failed_sync_items() {
  worker_.touch();
  co_await sched_.sleep_until(storage_.next_completion());
  co_return storage_.state().failedSyncItems;
}

Task<core::StorageStatus> WorkerPortsImpl::set_failed_sync_items(std::vector<core::FailedItem> v) {
  if (RequestAttribution* a = network_.attribution()) a->on_failed_items(v, storage_.state().sessions, sched_.now());
  return set(static_cast<int>(StorageKey::FailedSyncItems), std::move(v));
}

Task<core::StorageStatus> WorkerPortsImpl::set_pending_activities(core::ActivityList v) {
  return set(static_cast<int>(StorageKey::PendingActivities), std::move(v));
}

Task<core::StorageStatus> WorkerPortsImpl::set_active_sessions(std::vector<core::LocalId> v) {
  return set(static_cast<int>(StorageKey::ActiveSessions), std::move(v));
}

// As the JS shim runs a multi-key set: one write per key, each issued now (each its own
// completion, in order), resuming after the last. Issued writes land even if the worker dies.
Task<core::StorageStatus> WorkerPortsImpl::set_session_start(std::vector<core::LocalId> active, core::Session s,
                                                             std::vector<core::PendingSession> pending) {
  worker_.touch();
  if (RequestAttribution* a = network_.attribution()) a->on_pending_written(pending, storage_.state().sessions, sched_.now());
  core::StorageStatus status = core::StorageStatus::Ok;
  core::StorageStatus lastStatus = core::StorageStatus::Ok;
  Time last = 0;
  const auto write = [&](StorageKey key, BrowserStorage::Value v) {
    last = storage_.next_completion();
    lastStatus = storage_.write(key, std::move(v), last);
    if (status == core::StorageStatus::Ok) status = lastStatus;
  };
  write(StorageKey::ActiveSessions, std::move(active));
  write(StorageKey::Session, std::move(s));
  write(StorageKey::PendingSessions, std::move(pending));
  if (lastStatus == core::StorageStatus::Ok) {
    co_await storage_.applied();  // resumed by the last apply
  } else {
    co_await sched_.sleep_until(last);
  }
  co_return status;
}

Task<core::AuthState> WorkerPortsImpl::get_auth() {
  worker_.touch();
  co_await sched_.sleep_until(storage_.next_completion());
  co_return storage_.state().auth;
}

Task<core::StorageStatus> WorkerPortsImpl::set_auth(core::AuthState a) {
  return set(static_cast<int>(StorageKey::Auth), a);
}

Task<core::HttpResponse> WorkerPortsImpl::fetch(core::HttpRequest req, core::Millis timeoutMs) {
  co_return co_await network_.fetch(std::move(req), timeoutMs, true);
}

Task<void> WorkerPortsImpl::alarms_create(core::AlarmName name, core::Millis delayMs, core::Millis periodMs) {
  worker_.touch();
  alarms_.create(name, delayMs, periodMs);
  co_await sched_.sleep_for(1);
}

Task<bool> WorkerPortsImpl::alarms_clear(core::AlarmName name) {
  worker_.touch();
  const bool had = alarms_.clear(name);
  co_await sched_.sleep_for(1);
  co_return had;
}

Task<bool> WorkerPortsImpl::alarms_get(core::AlarmName) {
  worker_.touch();
  const bool had = alarms_.exists();
  co_await sched_.sleep_for(1);
  co_return had;
}

Task<bool> WorkerPortsImpl::tab_exists(std::uint32_t tabId) {
  worker_.touch();
  co_await sched_.sleep_for(1);
  co_return browser_.tab_open(tabId);
}

void WorkerPortsImpl::detach(Task<void> work) { sched_.start_now(worker_.context(), std::move(work)); }

}  // namespace syncsim::sim
