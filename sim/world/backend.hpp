#pragma once
// The simulated backend: the sessions table behind the dashboard, the endpoints the extension
// calls, its tokens, error windows, rate limits and idempotency mode, and a per-hour request
// log for the API-load figures. It knows which local session each request is about (the
// simulator tags every request) even when the request does not say so: that is oracle
// knowledge for the checker, never used to answer unless the request carried the key.
#include <array>
#include <unordered_map>
#include <cstdint>
#include <vector>

#include "core/http.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/time.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

enum class ServerStatus : std::uint8_t { InProgress, Completed };

struct ServerSession {
  core::BackendId id = 0;
  std::uint32_t client = 0; // oracle: which browser (fleet mode; 0 in a single run)
  core::LocalId owner = 0;  // oracle: the local session this row was created for
  ServerStatus status = ServerStatus::InProgress;
  Time createdAt = 0;
  Time completedAt = -1;
  std::int32_t durationSeconds = -1;  // the work time the completing request reported (-1: none)
  core::Endpoint createdBy = core::Endpoint::StartSession;
};

struct EndpointCounters {
  std::uint64_t requests = 0;
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;  // any non-2xx answer
};

class Backend {
 public:
  Backend(const BackendParams& p, Rng rng);

  // Handle one request that reached the server at `now`.
  core::HttpResponse handle(const core::HttpRequest& req, Time now);

  // Faults.
  void set_error_window(Time until, int status) { errorUntil_ = until, errorStatus_ = status; }
  // Every error or rate-limit window [from, to] the backend has been given: in a fleet one
  // browser's fault reaches every browser (property 8 counts them as unhealthy).
  void note_outage(Time from, Time to) { outages_.emplace_back(from, to); }
  const std::vector<std::pair<Time, Time>>& outages() const { return outages_; }
  std::uint32_t capacity_per_second() const { return p_.capacityPerSecond; }
  void set_rate_limit_window(Time until, Time retryAfterMs) { rateLimitUntil_ = until, retryAfter_ = retryAfterMs; }
  void revoke_tokens() { revokedBelow_ = tokenGen_ + 1; }
  void set_refresh_broken_until(Time until) { refreshBrokenUntil_ = until; }
  void heal(Time now);

  // The auth state a freshly signed-in extension holds.
  core::AuthState initial_auth(Time now) const;

  const std::vector<ServerSession>& sessions() const { return sessions_; }
  std::size_t in_progress() const { return inProgress_; }
  std::size_t in_progress_of(std::uint32_t client) const {
    return client < inProgressByClient_.size() ? inProgressByClient_[client] : 0;
  }
  // Requests that arrived in each second of the run, and those refused for capacity (fleet).
  const std::vector<std::uint32_t>& arrivals_per_second() const { return perSecond_; }
  const std::vector<std::uint32_t>& refused_per_second() const { return refusedPerSecond_; }
  std::uint64_t refused_for_capacity() const { return refused_; }
  const std::array<EndpointCounters, static_cast<std::size_t>(core::Endpoint::Count_)>& counters() const {
    return counters_;
  }
  // requests per hour of the run, by endpoint (index = hour)
  const std::vector<std::array<std::uint32_t, static_cast<std::size_t>(core::Endpoint::Count_)>>& per_hour() const {
    return perHour_;
  }
  std::uint64_t rejected_beacons() const { return rejectedBeacons_; }

 private:
  core::HttpResponse startSession(const core::HttpRequest& req, Time now);
  core::HttpResponse endSession(const core::HttpRequest& req, Time now);
  core::HttpResponse beacon(const core::HttpRequest& req, Time now);
  core::HttpResponse refresh(const core::HttpRequest& req, Time now);
  bool authorized(const core::HttpRequest& req, Time now) const;
  core::BackendId create(std::uint32_t client, core::LocalId owner, Time now, core::Endpoint by);
  void complete(ServerSession& s, Time now, std::int32_t durationSeconds);

  BackendParams p_;
  Rng rng_;
  std::vector<ServerSession> sessions_;         // id = index + 1
  // Idempotency-Key (client, localId) -> session id. Only looked up, never iterated.
  std::unordered_map<std::uint64_t, core::BackendId> byKey_;
  std::size_t inProgress_ = 0;
  std::vector<std::uint32_t> inProgressByClient_;
  std::vector<std::uint32_t> perSecond_;
  std::vector<std::uint32_t> refusedPerSecond_;
  std::uint64_t refused_ = 0;
  std::vector<std::pair<Time, Time>> outages_;
  std::uint32_t tokenGen_ = 1;
  std::uint32_t revokedBelow_ = 0;
  Time errorUntil_ = -1;
  int errorStatus_ = 503;
  Time rateLimitUntil_ = -1;
  Time retryAfter_ = 0;
  Time refreshBrokenUntil_ = -1;
  std::uint64_t rejectedBeacons_ = 0;
  std::array<EndpointCounters, static_cast<std::size_t>(core::Endpoint::Count_)> counters_{};
  std::vector<std::array<std::uint32_t, static_cast<std::size_t>(core::Endpoint::Count_)>> perHour_;
};

}  // namespace syncsim::sim
