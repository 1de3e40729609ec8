#pragma once
// How each planted defect (core/mutation.hpp) is planted, outside the ported code: as a
// wrapper around the ports or the api client, or, for the two that live in the retry loop's
// failure path, as one named hook line in each loop (`defect_->afterFailedAttempt`).
#include <memory>

#include "api_client.hpp"
#include "mutation.hpp"
#include "ports.hpp"
#include "retry_policy.hpp"
#include "worker_state.hpp"

namespace syncsim::core {

// The two steps of a retry loop a planted defect replays; both sync managers provide them.
class RetryLoopSteps {
 public:
  virtual Task<ApiError> syncItem(PendingRef ref) = 0;
  virtual void recordFailure(PendingSession& pending, const ApiError& error, Millis loopStart) = 0;

 protected:
  ~RetryLoopSteps() = default;
};

// DropsFailedItems and RetriesWithoutWaiting, called by the loop after a failed attempt.
class PlantedRetryDefect {
 public:
  PlantedRetryDefect(Mutation m, WorkerPorts& ports, WorkerState& st, const RetryConfig& retry)
      : m_(m), ports_(ports), st_(st), retry_(retry) {}
  // True when the item is done with (dropped, or a retry at once succeeded); `error` is the
  // last attempt's.
  Task<bool> afterFailedAttempt(RetryLoopSteps& loop, PendingRef ref, ApiError& error, Millis loopStart);

 private:
  Mutation m_;
  WorkerPorts& ports_;
  WorkerState& st_;
  const RetryConfig& retry_;
};

// Plants `m`: first the ports (call with the real ports), then the client over those ports.
std::unique_ptr<WorkerPorts> planted_ports(Mutation m, WorkerPorts& inner);
std::unique_ptr<ApiClient> planted_api_client(Mutation m, WorkerPorts& ports, TokenManager& tokens,
                                              ApiClientOptions options, WorkerState& st);
std::unique_ptr<PlantedRetryDefect> planted_retry_defect(Mutation m, WorkerPorts& ports, WorkerState& st,
                                                         const RetryConfig& retry);

}  // namespace syncsim::core
