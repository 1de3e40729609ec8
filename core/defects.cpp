#include "defects.hpp"

#include <atomic>
#include <string>

namespace syncsim::core {

std::string_view mutation_name(Mutation m) {
  static constexpr std::string_view names[] = {"none", "drops_failed_items", "retries_without_waiting",
                                               "forgets_queue_on_restart", "creates_session_on_every_end",
                                               "skips_end_request", "nondeterministic", "ends_open_sessions",
                                               "reports_transient_as_invalid", "drops_message_work",
                                               "ends_without_duration", "fails_first_end", "trusts_lost_alarm"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<std::size_t>(Mutation::Count_));
  const auto i = static_cast<std::size_t>(m);
  return i < static_cast<std::size_t>(Mutation::Count_) ? names[i] : "unknown";
}

std::string_view mutation_names() {
  static const std::string joined = [] {
    std::string j;
    for (std::size_t i = 1; i < static_cast<std::size_t>(Mutation::Count_); ++i)
      j += (j.empty() ? "" : ", ") + std::string(mutation_name(static_cast<Mutation>(i)));
    return j;
  }();
  return joined;
}

std::optional<Mutation> mutation_by_name(std::string_view name) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Mutation::Count_); ++i)
    if (mutation_name(static_cast<Mutation>(i)) == name) return static_cast<Mutation>(i);
  return std::nullopt;
}

namespace {

// Passes every call through; a defect overrides the one it corrupts.
class ForwardingPorts : public WorkerPorts {
 public:
  explicit ForwardingPorts(WorkerPorts& inner) : in_(inner) {}
  Millis now() override { return in_.now(); }
  double random() override { return in_.random(); }
  bool online() override { return in_.online(); }
  void log(LogCode code, LocalId id, std::int64_t value) override { in_.log(code, id, value); }
  Task<std::optional<Session>> get_session(LocalId id) override { return in_.get_session(id); }
  Task<StorageStatus> save_session(Session s) override { return in_.save_session(std::move(s)); }
  Task<StorageStatus> remove_session(LocalId id) override { return in_.remove_session(id); }
  Task<PersistedQueues> get_queues() override { return in_.get_queues(); }
  Task<StorageStatus> set_pending_sessions(std::vector<PendingSession> v) override { return in_.set_pending_sessions(std::move(v)); }
  Task<std::vector<FailedItem>> get_failed_sync_items() override { return in_.get_failed_sync_items(); }
  Task<StorageStatus> set_failed_sync_items(std::vector<FailedItem> v) override { return in_.set_failed_sync_items(std::move(v)); }
  Task<StorageStatus> set_pending_activities(ActivityList v) override { return in_.set_pending_activities(std::move(v)); }
  Task<StorageStatus> set_active_sessions(std::vector<LocalId> v) override { return in_.set_active_sessions(std::move(v)); }
  Task<StorageStatus> set_session_start(std::vector<LocalId> a, Session s, std::vector<PendingSession> p) override {
    return in_.set_session_start(std::move(a), std::move(s), std::move(p));
  }
  Task<AuthState> get_auth() override { return in_.get_auth(); }
  Task<StorageStatus> set_auth(AuthState a) override { return in_.set_auth(a); }
  Task<HttpResponse> fetch(HttpRequest req, Millis timeoutMs) override { return in_.fetch(std::move(req), timeoutMs); }
  Task<void> alarms_create(AlarmName name, Millis delayMs, Millis periodMs) override {
    return in_.alarms_create(name, delayMs, periodMs);
  }
  Task<bool> alarms_clear(AlarmName name) override { return in_.alarms_clear(name); }
  Task<bool> alarms_get(AlarmName name) override { return in_.alarms_get(name); }
  Task<bool> tab_exists(std::uint32_t tabId) override { return in_.tab_exists(tabId); }
  void detach(Task<void> work) override { in_.detach(std::move(work)); }

 protected:
  WorkerPorts& in_;
};

// The stored queues read back empty: a new worker never sees what the last one queued.
class ForgetsQueueOnRestart final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  Task<PersistedQueues> get_queues() override {
    co_await in_.get_queues();
    co_return PersistedQueues{};
  }
};

// A process-wide counter shifts the alarm period, so a run depends on the runs before it.
class Nondeterministic final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  Task<void> alarms_create(AlarmName name, Millis delayMs, Millis periodMs) override {
    static std::atomic<int> runs{0};
    const Millis shift = (runs.fetch_add(1) % 3) * 1000;
    return in_.alarms_create(name, delayMs + shift, periodMs + shift);
  }
};

// chrome.tabs.get rejects for every tab: a sweep of "sessions whose tab is gone" ends open ones.
class EndsOpenSessions final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  Task<bool> tab_exists(std::uint32_t tabId) override {
    co_await in_.tab_exists(tabId);
    co_return false;
  }
};

// chrome.alarms.get answers "it exists" even when it does not: hardened's start never re-creates
// an alarm a crash before onInstalled, or a restart, left missing.
class TrustsLostAlarm final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  Task<bool> alarms_get(AlarmName name) override {
    co_await in_.alarms_get(name);
    co_return true;
  }
};

// Every transient failure (5xx, network error, the client's timeout) comes back as a 400, which
// both strategies treat as permanent: the review is dead-lettered though the backend would take it.
class ReportsTransientAsInvalid final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  Task<HttpResponse> fetch(HttpRequest req, Millis timeoutMs) override {
    HttpResponse r = co_await in_.fetch(std::move(req), timeoutMs);
    if (r.status >= 500 || r.status == kNetworkError || r.status == kClientTimeout) r = HttpResponse{400};
    co_return r;
  }
};

// `void work()` started by a listener is dropped before it runs: the worker receives every
// START_SESSION and ACTIVITY, and records nothing.
class DropsMessageWork final : public ForwardingPorts {
 public:
  using ForwardingPorts::ForwardingPorts;
  void detach(Task<void>) override {}
};

// The end endpoint is never called, yet the client answers that it succeeded.
class SkipsEndRequest final : public ApiClient {
 public:
  using ApiClient::ApiClient;
  Task<ApiResult<bool>> endSession(LocalId, BackendId, std::int32_t) override { co_return ApiResult<bool>{{}, true}; }
};

// The end request carries 0 s of work whatever the review took: the row completes, the
// dashboard's sum is wrong.
class EndsWithoutDuration final : public ApiClient {
 public:
  using ApiClient::ApiClient;
  Task<ApiResult<bool>> endSession(LocalId localId, BackendId backendId, std::int32_t) override {
    return ApiClient::endSession(localId, backendId, 0);
  }
};

// Each review's first end request fails as a network error without reaching the server (as a
// request cut off when its tab closes): the review completes a pass later, a minute late. The
// first is the attempt of a queued end whose retryCount is still 0 (kept in storage, so a new
// worker does not fail it again).
class FailsFirstEnd final : public ApiClient {
 public:
  FailsFirstEnd(WorkerPorts& ports, TokenManager& tokens, ApiClientOptions options, WorkerState& st)
      : ApiClient(ports, tokens, options), st_(st) {}
  Task<ApiResult<bool>> endSession(LocalId localId, BackendId backendId, std::int32_t durationSeconds) override {
    for (PendingRef r : st_.pendingSessions)
      if (st_.obj(r).localId == localId && st_.obj(r).action == PendingAction::End && st_.obj(r).retryCount == 0)
        co_return ApiResult<bool>{ApiError{ErrorKind::Network, 0, 0}, false};
    co_return co_await ApiClient::endSession(localId, backendId, durationSeconds);
  }

 private:
  WorkerState& st_;
};

// After every successful end, one more server session is created (without an idempotency
// key) and ended: a duplicate per review.
class CreatesSessionOnEveryEnd final : public ApiClient {
 public:
  CreatesSessionOnEveryEnd(WorkerPorts& ports, TokenManager& tokens, ApiClientOptions options, WorkerState& st)
      : ApiClient(ports, tokens, options), st_(st) {}
  Task<ApiResult<bool>> endSession(LocalId localId, BackendId backendId, std::int32_t durationSeconds) override {
    auto ended = co_await ApiClient::endSession(localId, backendId, durationSeconds);
    if (!ended.ok()) co_return ended;
    HttpRequest start;
    start.endpoint = Endpoint::StartSession;
    start.localId = localId;
    for (PendingRef r : st_.pendingSessions)
      if (st_.obj(r).localId == localId && st_.obj(r).action == PendingAction::End) {
        start.repo = st_.obj(r).data.repo;
        start.prNumber = st_.obj(r).data.pr_number;
      }
    const HttpResponse extra = co_await send(std::move(start));
    if (extra.ok()) co_await ApiClient::endSession(localId, extra.sessionId, durationSeconds);
    co_return ended;
  }

 private:
  WorkerState& st_;
};

}  // namespace

std::unique_ptr<WorkerPorts> planted_ports(Mutation m, WorkerPorts& inner) {
  switch (m) {
    case Mutation::ForgetsQueueOnRestart: return std::make_unique<ForgetsQueueOnRestart>(inner);
    case Mutation::Nondeterministic: return std::make_unique<Nondeterministic>(inner);
    case Mutation::EndsOpenSessions: return std::make_unique<EndsOpenSessions>(inner);
    case Mutation::ReportsTransientAsInvalid: return std::make_unique<ReportsTransientAsInvalid>(inner);
    case Mutation::DropsMessageWork: return std::make_unique<DropsMessageWork>(inner);
    case Mutation::TrustsLostAlarm: return std::make_unique<TrustsLostAlarm>(inner);
    default: return nullptr;
  }
}

std::unique_ptr<ApiClient> planted_api_client(Mutation m, WorkerPorts& ports, TokenManager& tokens,
                                              ApiClientOptions options, WorkerState& st) {
  switch (m) {
    case Mutation::SkipsEndRequest: return std::make_unique<SkipsEndRequest>(ports, tokens, options);
    case Mutation::EndsWithoutDuration: return std::make_unique<EndsWithoutDuration>(ports, tokens, options);
    case Mutation::CreatesSessionOnEveryEnd: return std::make_unique<CreatesSessionOnEveryEnd>(ports, tokens, options, st);
    case Mutation::FailsFirstEnd: return std::make_unique<FailsFirstEnd>(ports, tokens, options, st);
    default: return std::make_unique<ApiClient>(ports, tokens, options);
  }
}

std::unique_ptr<PlantedRetryDefect> planted_retry_defect(Mutation m, WorkerPorts& ports, WorkerState& st,
                                                         const RetryConfig& retry) {
  if (m != Mutation::DropsFailedItems && m != Mutation::RetriesWithoutWaiting) return nullptr;
  return std::make_unique<PlantedRetryDefect>(m, ports, st, retry);
}

Task<bool> PlantedRetryDefect::afterFailedAttempt(RetryLoopSteps& loop, PendingRef ref, ApiError& error, Millis loopStart) {
  if (m_ == Mutation::DropsFailedItems) {
    st_.obj(ref).synced = true;  // leaves the queue at the next filter, unrecorded
    co_return true;
  }
  while (m_ == Mutation::RetriesWithoutWaiting && error.kind != ErrorKind::None &&
         st_.obj(ref).retryCount + 1 < retry_.maxRetries) {
    PendingSession& p = st_.obj(ref);
    loop.recordFailure(p, error, loopStart);
    ports_.log(LogCode::SyncFailed, p.localId, failure_value(p.action == PendingAction::End, error.status, error.retryAfterMs));
    error = co_await loop.syncItem(ref);
  }
  co_return error.kind == ErrorKind::None;
}

}  // namespace syncsim::core
