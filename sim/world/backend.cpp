#include "sim/world/backend.hpp"

namespace syncsim::sim {

using core::Endpoint;
using core::HttpRequest;
using core::HttpResponse;

Backend::Backend(const BackendParams& p, Rng rng) : p_(p), rng_(rng) {}

core::AuthState Backend::initial_auth(Time now) const {
  return core::AuthState{true, tokenGen_, p_.tokenLifetimeMs > 0 ? now + p_.tokenLifetimeMs : INT64_MAX / 4};
}

void Backend::heal(Time now) {
  errorUntil_ = -1;
  rateLimitUntil_ = -1;
  refreshBrokenUntil_ = -1;
  (void)now;
}

bool Backend::authorized(const HttpRequest& req, Time now) const {
  if (!req.authorized) return false;
  if (req.tokenGen < revokedBelow_) return false;
  if (p_.tokenLifetimeMs > 0 && req.tokenExpiresAt <= now) return false;
  return true;
}

core::BackendId Backend::create(std::uint32_t client, core::LocalId owner, Time now, Endpoint by) {
  ServerSession s;
  s.id = static_cast<core::BackendId>(sessions_.size() + 1);
  s.client = client;
  s.owner = owner;
  s.createdAt = now;
  s.createdBy = by;
  sessions_.push_back(s);
  ++inProgress_;
  if (inProgressByClient_.size() <= client) inProgressByClient_.resize(client + 1, 0);
  ++inProgressByClient_[client];
  return s.id;
}

void Backend::complete(ServerSession& s, Time now, std::int32_t durationSeconds) {
  if (s.status == ServerStatus::Completed) return;
  s.status = ServerStatus::Completed;
  s.completedAt = now;
  s.durationSeconds = durationSeconds;
  --inProgress_;
  --inProgressByClient_[s.client];
}

HttpResponse Backend::handle(const HttpRequest& req, Time now) {
  const auto e = static_cast<std::size_t>(req.endpoint);
  const auto hour = static_cast<std::size_t>(now / kHour);
  if (perHour_.size() <= hour) perHour_.resize(hour + 1);
  ++perHour_[hour][e];
  ++counters_[e].requests;

  HttpResponse r;
  bool overCapacity = false;
  if (p_.recordPerSecond || p_.capacityPerSecond > 0) {
    const auto second = static_cast<std::size_t>(now / kSecond);
    if (perSecond_.size() <= second) {
      perSecond_.resize(second + 1, 0);
      refusedPerSecond_.resize(second + 1, 0);
    }
    overCapacity = p_.capacityPerSecond > 0 && perSecond_[second] >= p_.capacityPerSecond;
    ++perSecond_[second];
    if (overCapacity) {
      ++refusedPerSecond_[second];
      ++refused_;
    }
  }
  if (overCapacity) {
    r.status = 503;  // overloaded: refused before any work
    r.retryAfterMs = kSecond;
  } else if (now < errorUntil_) {
    r.status = errorStatus_;
  } else if (now < rateLimitUntil_) {
    r.status = 429;
    r.retryAfterMs = retryAfter_;
  } else if (p_.serverErrorRate > 0 && rng_.chance(p_.serverErrorRate)) {
    r.status = 500;
  } else {
    switch (req.endpoint) {
      case Endpoint::StartSession: r = startSession(req, now); break;
      case Endpoint::EndSession: r = endSession(req, now); break;
      case Endpoint::Activities: r.status = authorized(req, now) ? 200 : 401; break;
      case Endpoint::Beacon: r = beacon(req, now); break;
      case Endpoint::RefreshToken: r = refresh(req, now); break;
      case Endpoint::Count_: r.status = 404; break;
    }
  }
  if (r.ok()) ++counters_[e].ok; else ++counters_[e].errors;
  return r;
}

HttpResponse Backend::startSession(const HttpRequest& req, Time now) {
  HttpResponse r;
  if (!authorized(req, now)) return r.status = 401, r;
  if (req.prNumber <= 0 || req.repo == 0) return r.status = 400, r;  // malformed input
  if (p_.idempotency == IdempotencyMode::Key && req.idempotencyKey) {
    const std::uint64_t key = req.keyHash ? (req.keyHash ^ (std::uint64_t{req.clientId} * 0x9e3779b97f4a7c15ull)) | (1ull << 63)
                                          : (std::uint64_t{req.clientId} << 32) | req.localId;
    auto [it, fresh] = byKey_.try_emplace(key, 0);
    if (!fresh) {
      r.status = 200;  // the stored result, replayed
      r.sessionId = it->second;
      return r;
    }
    r.sessionId = it->second = create(req.clientId, req.localId, now, Endpoint::StartSession);
  } else {
    r.sessionId = create(req.clientId, req.localId, now, Endpoint::StartSession);
  }
  r.status = 201;
  return r;
}

HttpResponse Backend::endSession(const HttpRequest& req, Time now) {
  HttpResponse r;
  if (!authorized(req, now)) return r.status = 401, r;
  if (req.sessionId <= 0 || static_cast<std::size_t>(req.sessionId) > sessions_.size()) return r.status = 404, r;
  ServerSession& s = sessions_[static_cast<std::size_t>(req.sessionId - 1)];
  if (s.status == ServerStatus::Completed) {
    const bool idempotent = p_.idempotency != IdempotencyMode::None;
    r.status = idempotent ? 200 : 409;
    return r;
  }
  complete(s, now, req.durationSeconds);
  r.status = 200;
  r.sessionId = s.id;
  return r;
}

HttpResponse Backend::beacon(const HttpRequest& req, Time now) {
  // Unauthenticated endpoint (the plan: "Beacon requires separate unauthenticated endpoint").
  // An item with a backendId ends that session; one without creates it completed.
  HttpResponse r;
  for (const auto& item : req.beaconItems) {
    if (item.action != core::PendingAction::End) continue;
    if (item.backendId > 0 && static_cast<std::size_t>(item.backendId) <= sessions_.size()) {
      complete(sessions_[static_cast<std::size_t>(item.backendId - 1)], now, item.data.duration_seconds.value_or(0));
    } else if (item.data.pr_number > 0) {
      const core::BackendId id = create(req.clientId, item.localId, now, Endpoint::Beacon);
      complete(sessions_[static_cast<std::size_t>(id - 1)], now, item.data.duration_seconds.value_or(0));
    } else {
      ++rejectedBeacons_;
    }
  }
  r.status = 204;
  return r;
}

HttpResponse Backend::refresh(const HttpRequest& req, Time now) {
  HttpResponse r;
  if (now < refreshBrokenUntil_ || req.tokenGen == 0) return r.status = 401, r;
  r.status = 200;
  r.tokenGen = ++tokenGen_;
  r.tokenExpiresAt = p_.tokenLifetimeMs > 0 ? now + p_.tokenLifetimeMs : INT64_MAX / 4;
  return r;
}

}  // namespace syncsim::sim
