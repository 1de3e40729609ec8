#pragma once
// Counters the run keeps as it goes (cheap, no allocation per event) and the retry ledger; the
// summary derived from them at the end is sim/check/run_metrics.cpp. Exact definitions:
// reports/README.md.
#include <array>
#include <cstdint>
#include <vector>

#include "core/http.hpp"
#include "core/log_code.hpp"
#include "sim/runtime/time.hpp"

namespace syncsim::sim {

enum class Outcome : std::uint8_t;
enum class StopReason : std::uint16_t;

constexpr std::size_t kEndpoints = static_cast<std::size_t>(core::Endpoint::Count_);

// The world every 5 simulated minutes (the report's time-series charts).
struct Sample {
  Time at;
  std::uint32_t serverInProgress;
  std::uint32_t trulyActive;
  std::uint32_t pendingQueue;   // pendingSessions in storage
  std::uint32_t failedItems;    // failedSyncItems in storage
  std::int64_t storageBytes;
};
constexpr Time kSampleEvery = 5 * kMinute;

struct RunMetrics {
  // end-to-end latency (true close -> server completed), ms, over sessions that completed
  std::vector<Time> latencies;
  std::uint64_t sessionsEnded = 0;     // truly closed (by the user or a shutdown), not malformed
  std::uint64_t sessionsCompleted = 0; // of those, completed on the server
  std::vector<Time> endHandlerMs;      // endSession handler time per tab close
  std::array<std::uint64_t, kEndpoints> requests{};  // sent by the client, by endpoint
  std::uint64_t requestsOk = 0, requestsFail = 0, requestsUnknown = 0;
  std::uint64_t workerStarts = 0;
  std::array<std::uint64_t, 8> workerStops{};  // by StopReason
  std::uint64_t retryAttempts = 0;     // attempts on the alarm path with retryCount > 0
  std::uint64_t deadLettered = 0;
  std::uint64_t deadLetterEvicted = 0;
  std::uint64_t beaconsSent = 0, beaconsWasted = 0;
  std::uint64_t duplicates = 0;        // extra server sessions for one local session
  std::uint64_t stuckAtEnd = 0;        // server sessions In Progress whose session ended
  double dashboardErrorSessionHours = 0;  // integral of |server In Progress - truly active|
  std::int64_t peakStorageBytes = 0;
  std::size_t peakPendingSessions = 0;
  std::size_t peakFailedItems = 0;
  Time simulatedMs = 0;
  std::uint64_t events = 0;
  std::uint64_t workerWakeups = 0;   // = workerStarts; named as the reports use it
  std::uint64_t alarmFires = 0;
  std::vector<Sample> samples;       // kept only when asked (WorldParams::keepSamples): 9 KB a day
  // From the samples as they are taken, whether kept or not:
  bool sampled = false;
  std::int64_t storageAtStart = 0;        // the first sample's storage size
  std::int64_t storageAtWorkloadEnd = 0;  // the last one's at or before the workload's end
  std::uint32_t pendingAtEnd = 0;         // pendingSessions at the last sample
  std::vector<std::array<std::uint32_t, kEndpoints>> requestsPerHour;  // sent by the client
  std::vector<std::uint32_t> retriesPerHour;                           // attempts with retryCount > 0
  std::vector<Time> retryGaps;       // ms between consecutive attempts of one item (k -> k+1)
  std::uint64_t retryGapPairs = 0;   // consecutive gap pairs (g_k, g_k+1) of one item
  std::uint64_t retryGapIncreases = 0;  // of those, g_k+1 > g_k
  std::uint64_t malformedSessions = 0, malformedInDeadLetter = 0, malformedAttempts = 0;
  double storageGrowthBytes = 0;     // storage at the end of the workload minus at its start
};

// One entry of the retry ledger property 2 and the retry-gap figures read.
struct RetryEvent {
  enum Kind : std::uint8_t { Attempt, Failure, DeadLetter, Withdrawn, Retracted };  // Retracted: ignore
  Time at;
  core::LocalId id;
  bool endAction;
  Kind kind;
  std::int32_t retryCount;   // Attempt: the item's count when the attempt started
  std::int32_t status;       // Failure
  Time retryAfterMs;         // Failure
};

class Metrics {
 public:
  const std::vector<RetryEvent>& retry_ledger() const { return judged_on_requests() ? requestLedger_ : ledger_; }
  const std::vector<RetryEvent>& request_ledger() const { return requestLedger_; }
  void on_request_sent(const core::HttpRequest& req, Time now);
  // Samples: kept in RunMetrics::samples only when `keep` (the report's charts); the figures
  // drawn from them (storage growth to `workloadEnd`, the queue at the end) are kept always.
  void keep_samples(bool keep, Time workloadEnd) {
    keepSamples_ = keep;
    workloadEnd_ = workloadEnd;
  }
  void on_sample(const Sample& s);
  // A worker stop matters to property 2 only within this long after a failure (the storage
  // write's longest latency); only such stops are kept, so the list does not grow with the run.
  void set_stop_window(Time ms) { stopWindow_ = ms; }
  void on_request_outcome(const core::HttpRequest& req, Outcome o);
  void on_core_log(core::LogCode code, core::LocalId id, std::int64_t value, Time now);
  // The dead-letter queue's bound dropped this review's entry (a `dead_letter_evicted` record).
  bool evicted_from_dead_letter(core::LocalId id) const { return id < evicted_.size() && evicted_[id]; }
  // A JS extension (sim/world/attribution.hpp): the retry ledger is built from the requests as
  // well, and used when the extension wrote no log record of its own (a team's bundle without
  // syncsim's hooks); an extension that does keep them (the reference bundles) is judged on the
  // ledger they feed, which tells a start item's request from an end item's.
  void ledger_from_requests() { ledgerFromRequests_ = true; }
  void on_retry_event(const RetryEvent& e);
  bool judged_on_requests() const { return ledgerFromRequests_ && (!sawLog_ || requestsAlways_); }
  // Tests: judge on the request ledger even when log records exist (tests/test_attribution.cpp).
  void judge_on_requests_always() { requestsAlways_ = true; }
  // A 401 that a working token refresh then answered was no failure (sim/world/attribution.cpp).
  void retract_retry_event(std::size_t i) {
    if (i < requestLedger_.size()) requestLedger_[i].kind = RetryEvent::Retracted;
  }
  void on_end_handler(std::uint32_t tab, Time ms) { m_.endHandlerMs.push_back(ms); (void)tab; }
  void on_storage(std::int64_t bytes, std::size_t pending, std::size_t failed);
  void on_worker_start(Time) { ++m_.workerStarts; }
  void on_alarm_fire() { ++m_.alarmFires; }
  void on_worker_stop(StopReason why, Time now);
  // When worker incarnations stopped, in time order: every stop at most the stop window after
  // some failure of either ledger (property 2: a deadline learned just before a kill), so the
  // first stop at or after a failure is found here whenever it is within the window.
  const std::vector<Time>& worker_stop_times() const { return stopTimes_; }
  void on_beacon(bool delivered) { ++(delivered ? m_.beaconsSent : m_.beaconsWasted); }
  void on_dashboard(Time now, std::size_t serverInProgress, std::size_t trulyActive);

  // The counters as of `now`, the dashboard integral carried up to it (recording goes on).
  RunMetrics data_at(Time now) const;

 private:
  // |server In Progress - truly active| held `diff` from `from` to `to`, in session-hours.
  static double dashboard_error(std::int64_t diff, Time from, Time to);
  RunMetrics m_;
  std::vector<RetryEvent> ledger_;         // from the extension's log records
  std::vector<RetryEvent> requestLedger_;  // from the requests (JS extensions only)
  std::vector<std::uint8_t> evicted_;      // by localId: evicted from the dead-letter queue
  std::vector<Time> stopTimes_;            // worker stops near failures, in time order
  void note_failure(Time at);
  Time stopWindow_ = 0;
  Time lastFailure_ = -1;                  // the latest failure of either ledger
  Time lastStop_ = -1;
  bool lastStopKept_ = false;
  bool keepSamples_ = true;
  Time workloadEnd_ = 0;
  bool ledgerFromRequests_ = false;
  bool sawLog_ = false;                    // the extension wrote a log record
  bool requestsAlways_ = false;
  RunMetrics fromRequests_;                // retry counters of requestLedger_
  Time lastDash_ = 0;
  std::int64_t lastDashDiff_ = 0;
};

}  // namespace syncsim::sim
