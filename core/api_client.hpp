#pragma once
// apiClient: the extension's HTTP client. Non-2xx answers and network failures come back as
// ApiError values (the plan's WorkTimeAPIError carries statusCode; a fetch TypeError has none).
#include "ports.hpp"
#include "strategy.hpp"
#include "token_manager.hpp"

namespace syncsim::core {

template <class T>
struct ApiResult {
  ApiError error;
  T value{};
  bool ok() const { return error.kind == ErrorKind::None; }
};

struct StartSessionResponse {
  BackendId session_id = 0;
};

class ApiClient {
 public:
  ApiClient(WorkerPorts& ports, const StrategyConfig& cfg, TokenManager& tokens)
      : ports_(ports), cfg_(cfg), tokens_(tokens) {}

  // apiClient.startSession({repo_owner, repo_name, pr_number}). The plan's payload has no
  // localId; only a strategy with idempotencyKey sends one.
  Task<ApiResult<StartSessionResponse>> startSession(LocalId localId, const SessionData& data, bool allowKey = true);
  // apiClient.endSession(String(backendId), duration_seconds)
  Task<ApiResult<bool>> endSession(LocalId localId, BackendId backendId, std::int32_t durationSeconds);
  // POST /api/activities with a batch
  Task<ApiResult<bool>> sendActivities(std::uint32_t count);

 private:
  Task<HttpResponse> send(HttpRequest req);
  static ApiError error_of(const HttpResponse& r);

  WorkerPorts& ports_;
  const StrategyConfig& cfg_;
  TokenManager& tokens_;
};

}  // namespace syncsim::core
