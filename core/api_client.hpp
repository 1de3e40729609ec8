#pragma once
// apiClient: the extension's HTTP client. Non-2xx answers and network failures come back as
// ApiError values (the plan's WorkTimeAPIError carries statusCode; a fetch TypeError has none).
// The plan never shows the client; its options are what hardened adds to it.
#include "ports.hpp"
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

struct ApiClientOptions {
  Millis fetchTimeoutMs = 0;       // 0: none (browsers have no default fetch timeout)
  bool idempotencyKey = false;     // start/end carry `Idempotency-Key: localId`
  bool refreshOn401 = false;       // refresh the token and try once more
  bool conflictMeansDone = false;  // 409 on end = already completed
};

class ApiClient {
 public:
  ApiClient(WorkerPorts& ports, TokenManager& tokens, ApiClientOptions options = {})
      : ports_(ports), tokens_(tokens), options_(options) {}
  virtual ~ApiClient() = default;

  // apiClient.startSession({repo_owner, repo_name, pr_number}). The plan's payload has no
  // localId; only a client with idempotencyKey sends one (as a header).
  virtual Task<ApiResult<StartSessionResponse>> startSession(LocalId localId, const SessionData& data);
  // apiClient.endSession(String(backendId), duration_seconds)
  virtual Task<ApiResult<bool>> endSession(LocalId localId, BackendId backendId, std::int32_t durationSeconds);
  // POST /api/activities with a batch
  virtual Task<ApiResult<bool>> sendActivities(std::uint32_t count);

  // fetch with the stored token (and, with refreshOn401, one refresh and retry).
  Task<HttpResponse> send(HttpRequest req);
  static ApiError error_of(const HttpResponse& r);
  const ApiClientOptions& options() const { return options_; }

 private:
  WorkerPorts& ports_;
  TokenManager& tokens_;
  ApiClientOptions options_;
};

}  // namespace syncsim::core
