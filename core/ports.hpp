#pragma once
// The only way the sync core reaches outside itself. Each method is one browser API the plan's
// TypeScript touches; every call that is a Promise in the browser is a Task here, so the
// simulator (or a test's fake) decides when it completes and what runs in between.
#include <optional>
#include <vector>

#include "http.hpp"
#include "log_code.hpp"
#include "task.hpp"
#include "types.hpp"

namespace syncsim::core {

enum class AlarmName : std::uint8_t { Sync };

// The service worker's view of the browser.
class WorkerPorts {
 public:
  virtual ~WorkerPorts() = default;

  virtual Millis now() = 0;     // Date.now()
  virtual double random() = 0;  // Math.random()
  virtual bool online() = 0;    // navigator.onLine
  virtual void log(LogCode code, LocalId id, std::int64_t value) = 0;  // console.*

  // chrome.storage.local (storageManager keeps one key per session, plus the queues).
  virtual Task<std::optional<Session>> get_session(LocalId id) = 0;
  virtual Task<StorageStatus> save_session(Session s) = 0;
  virtual Task<StorageStatus> remove_session(LocalId id) = 0;  // chrome.storage.local.remove('session:ID')
  virtual Task<PersistedQueues> get_queues() = 0;
  virtual Task<StorageStatus> set_pending_sessions(std::vector<PendingSession> v) = 0;
  virtual Task<std::vector<FailedItem>> get_failed_sync_items() = 0;
  virtual Task<StorageStatus> set_failed_sync_items(std::vector<FailedItem> v) = 0;
  virtual Task<StorageStatus> set_pending_activities(ActivityList v) = 0;
  virtual Task<StorageStatus> set_active_sessions(std::vector<LocalId> v) = 0;
  // One chrome.storage.local.set of three keys (activeSessions, session:ID, pendingSessions):
  // all three writes are issued at once, in that order, and it resumes after the last.
  virtual Task<StorageStatus> set_session_start(std::vector<LocalId> active, Session s,
                                                std::vector<PendingSession> pending) = 0;
  virtual Task<AuthState> get_auth() = 0;
  virtual Task<StorageStatus> set_auth(AuthState a) = 0;

  // fetch(); timeoutMs 0 means none (browsers have no default fetch timeout).
  virtual Task<HttpResponse> fetch(HttpRequest req, Millis timeoutMs) = 0;

  // chrome.alarms
  virtual Task<void> alarms_create(AlarmName name, Millis delayMs, Millis periodMs) = 0;
  virtual Task<bool> alarms_clear(AlarmName name) = 0;
  // chrome.alarms.get: does the alarm exist? (hardened re-creates a lost one at every start)
  virtual Task<bool> alarms_get(AlarmName name) = 0;

  // chrome.tabs.query: is this tab still open? (hardened's startup sweep)
  virtual Task<bool> tab_exists(std::uint32_t tabId) = 0;

  // `void work();` in a listener: the work runs on in this incarnation after the listener has
  // returned, so no listener run is timed by it, and it dies with the worker.
  virtual void detach(Task<void> work) = 0;
};

// A content script's view (content/visibility-tracker.ts).
class PagePorts {
 public:
  virtual ~PagePorts() = default;
  // chrome.runtime.sendMessage({type: 'GET_BEACON_PAYLOAD'}); nullopt when no reply arrives.
  virtual Task<std::optional<std::vector<PendingSession>>> get_beacon_payload() = 0;
  // navigator.sendBeacon(url, payload): false when the browser refuses to queue it.
  virtual bool send_beacon(HttpRequest req, std::size_t bytes) = 0;
};

}  // namespace syncsim::core
