#include "api_client.hpp"

namespace syncsim::core {

ApiError ApiClient::error_of(const HttpResponse& r) {
  if (r.ok()) return {};
  if (r.status == kNetworkError) return {ErrorKind::Network, 0, 0};
  if (r.status == kClientTimeout) return {ErrorKind::Timeout, 0, 0};
  return {ErrorKind::Http, r.status, r.retryAfterMs};
}

Task<HttpResponse> ApiClient::send(HttpRequest req) {
  const AuthState token = co_await tokens_.getToken();
  req.authorized = token.present;
  req.tokenGen = token.tokenGen;
  req.tokenExpiresAt = token.expiresAt;
  HttpResponse r = co_await ports_.fetch(req, options_.fetchTimeoutMs);
  if (r.status == 401 && options_.refreshOn401) {
    // Unresolved question 2: refresh, then one more try with the new token. The refresh is a
    // request like the others: the client's timeout bounds it too (F35).
    if (co_await tokens_.refresh(options_.fetchTimeoutMs)) {
      const AuthState fresh = co_await tokens_.getToken();
      req.tokenGen = fresh.tokenGen;
      req.tokenExpiresAt = fresh.expiresAt;
      r = co_await ports_.fetch(std::move(req), options_.fetchTimeoutMs);
    }
  }
  co_return r;
}

Task<ApiResult<StartSessionResponse>> ApiClient::startSession(LocalId localId, const SessionData& data) {
  HttpRequest req;
  req.endpoint = Endpoint::StartSession;
  req.localId = localId;
  req.idempotencyKey = options_.idempotencyKey;
  req.repo = data.repo;
  req.prNumber = data.pr_number;
  const HttpResponse r = co_await send(std::move(req));
  ApiResult<StartSessionResponse> out;
  out.error = error_of(r);
  out.value.session_id = r.sessionId;
  co_return out;
}

Task<ApiResult<bool>> ApiClient::endSession(LocalId localId, BackendId backendId, std::int32_t durationSeconds) {
  HttpRequest req;
  req.endpoint = Endpoint::EndSession;
  req.localId = localId;
  req.idempotencyKey = options_.idempotencyKey;
  req.sessionId = backendId;
  req.durationSeconds = durationSeconds;
  const HttpResponse r = co_await send(std::move(req));
  ApiResult<bool> out;
  out.error = error_of(r);
  if (!out.ok() && options_.conflictMeansDone && r.status == 409) out.error = {};  // already completed
  out.value = out.ok();
  co_return out;
}

Task<ApiResult<bool>> ApiClient::sendActivities(std::uint32_t count) {
  HttpRequest req;
  req.endpoint = Endpoint::Activities;
  req.activityCount = count;
  const HttpResponse r = co_await send(std::move(req));
  ApiResult<bool> out;
  out.error = error_of(r);
  out.value = out.ok();
  co_return out;
}

}  // namespace syncsim::core
