#include "sim/world/metrics.hpp"

#include <algorithm>
#include <cstdlib>

#include "sim/world/network.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::sim {

void Metrics::on_request_sent(const core::HttpRequest& req, Time now) {
  const auto e = static_cast<std::size_t>(req.endpoint);
  ++m_.requests[e];
  const auto hour = static_cast<std::size_t>(now / kHour);
  if (m_.requestsPerHour.size() <= hour) m_.requestsPerHour.resize(hour + 1);
  ++m_.requestsPerHour[hour][e];
}

void Metrics::on_request_outcome(const core::HttpRequest&, Outcome o) {
  switch (o) {
    case Outcome::Ok: ++m_.requestsOk; break;
    case Outcome::Fail: ++m_.requestsFail; break;
    case Outcome::Unknown: ++m_.requestsUnknown; break;
  }
}

void Metrics::on_retry_event(const RetryEvent& e) {
  RunMetrics& m = fromRequests_;
  if (e.kind == RetryEvent::Attempt && e.retryCount > 0) {
    ++m.retryAttempts;
    const auto hour = static_cast<std::size_t>(e.at / kHour);
    if (m.retriesPerHour.size() <= hour) m.retriesPerHour.resize(hour + 1);
    ++m.retriesPerHour[hour];
  }
  if (e.kind == RetryEvent::DeadLetter) ++m.deadLettered;
  if (e.kind == RetryEvent::Failure) note_failure(e.at);
  requestLedger_.push_back(e);
}

void Metrics::on_core_log(core::LogCode code, core::LocalId id, std::int64_t value, Time now) {
  sawLog_ = true;
  switch (code) {
    case core::LogCode::SyncAttempt: {
      const auto retryCount = static_cast<std::int32_t>(value / 2);
      if (retryCount > 0) {
        ++m_.retryAttempts;
        const auto hour = static_cast<std::size_t>(now / kHour);
        if (m_.retriesPerHour.size() <= hour) m_.retriesPerHour.resize(hour + 1);
        ++m_.retriesPerHour[hour];
      }
      ledger_.push_back({now, id, (value & 1) != 0, RetryEvent::Attempt, retryCount, 0, 0});
      break;
    }
    case core::LogCode::SyncFailed: {
      const auto f = core::decode_failure(value);
      ledger_.push_back({now, id, f.endAction, RetryEvent::Failure, 0, f.status, f.retryAfterMs});
      note_failure(now);
      break;
    }
    case core::LogCode::StartMerged:
      ledger_.push_back({now, id, false, RetryEvent::Withdrawn, 0, 0, 0});
      break;
    case core::LogCode::DeadLettered:
      ++m_.deadLettered;
      ledger_.push_back({now, id, value != 0, RetryEvent::DeadLetter, 0, 0, 0});
      break;
    case core::LogCode::DeadLetterEvicted:
      ++m_.deadLetterEvicted;
      if (evicted_.size() <= id) evicted_.resize(id + 1, 0);
      evicted_[id] = 1;
      break;
    default: break;
  }
}

void Metrics::on_storage(std::int64_t bytes, std::size_t pending, std::size_t failed) {
  if (bytes > m_.peakStorageBytes) m_.peakStorageBytes = bytes;
  if (pending > m_.peakPendingSessions) m_.peakPendingSessions = pending;
  if (failed > m_.peakFailedItems) m_.peakFailedItems = failed;
}

void Metrics::on_worker_stop(StopReason why, Time now) {
  const auto i = static_cast<std::size_t>(why);
  if (i < m_.workerStops.size()) ++m_.workerStops[i];
  lastStop_ = now;
  lastStopKept_ = lastFailure_ >= 0 && lastFailure_ >= now - stopWindow_;
  if (lastStopKept_) stopTimes_.push_back(now);
}

void Metrics::note_failure(Time at) {
  lastFailure_ = std::max(lastFailure_, at);
  // A stop earlier in this same millisecond is "at or after" this failure too.
  if (lastStop_ == at && !lastStopKept_) {
    stopTimes_.push_back(at);
    lastStopKept_ = true;
  }
}

void Metrics::on_sample(const Sample& s) {
  if (!m_.sampled) m_.storageAtStart = s.storageBytes;
  m_.sampled = true;
  if (s.at <= workloadEnd_) m_.storageAtWorkloadEnd = s.storageBytes;
  m_.pendingAtEnd = s.pendingQueue;
  if (keepSamples_) m_.samples.push_back(s);
}

double Metrics::dashboard_error(std::int64_t diff, Time from, Time to) {
  return static_cast<double>(std::llabs(diff)) * static_cast<double>(to - from) / static_cast<double>(kHour);
}

void Metrics::on_dashboard(Time now, std::size_t serverInProgress, std::size_t trulyActive) {
  m_.dashboardErrorSessionHours += dashboard_error(lastDashDiff_, lastDash_, now);
  lastDash_ = now;
  lastDashDiff_ = static_cast<std::int64_t>(serverInProgress) - static_cast<std::int64_t>(trulyActive);
}

RunMetrics Metrics::data_at(Time now) const {
  RunMetrics m = m_;
  if (judged_on_requests()) {
    m.retryAttempts = fromRequests_.retryAttempts;
    m.retriesPerHour = fromRequests_.retriesPerHour;
    m.deadLettered = fromRequests_.deadLettered;
  }
  m.dashboardErrorSessionHours += dashboard_error(lastDashDiff_, lastDash_, now);
  return m;
}

}  // namespace syncsim::sim
