#pragma once
// Which review a request is about, judged from what the request carries — for an extension
// that does not say (a JavaScript bundle, sim/js/). The C++ port tags each request with the
// local session it is about (core::HttpRequest::localId, oracle knowledge); a team's bundle has
// no such tag, so for a strategy with core::StrategyConfig::attributeByRequests the world
// overwrites the tag with the review the request is attributed to, before the backend and the
// trace see it, and builds the retry ledger property 2 reads from the requests, their answers
// and the dead-letter queue's writes instead of from the extension's log records (which stay
// trace detail). The rule, precisely: docs/properties.md, "Attribution".
//
// Only worlds of such strategies build one: the C++ strategies' hot path does not pass here.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/http.hpp"
#include "core/retry_policy.hpp"
#include "core/types.hpp"
#include "sim/runtime/time.hpp"

namespace syncsim::sim {

class Backend;
class GroundTruth;
class Metrics;

// What the network keeps of a request for its answer.
struct AttributionTag {
  enum Kind : std::uint8_t { None, Item, Refresh };
  Kind kind = None;
  bool endItem = false;        // the review's end item (else its start item)
  core::Endpoint endpoint = core::Endpoint::StartSession;
  core::LocalId review = 0;
};

// The review of (repo, pr) whose true start is the latest at or before `claimedStart` (of several
// opened at that instant, the first); 0 when no review of that PR had opened by then.
// `skip` (by review, optional): reviews passed over when another one qualifies.
core::LocalId review_of(const GroundTruth& truth, std::uint32_t repo, std::int32_t pr, Time claimedStart,
                        const std::vector<std::uint8_t>* skip = nullptr);

// The review of (repo, pr) opened by `now` with the earliest opening among those no start request
// has been attributed to yet (`started`, by review); 0 when every one has had one.
core::LocalId first_unstarted_of(const GroundTruth& truth, std::uint32_t repo, std::int32_t pr, Time now,
                                 const std::vector<std::uint8_t>& started);

class RequestAttribution {
 public:
  RequestAttribution(const GroundTruth& truth, const Backend& backend, Metrics& metrics, const core::RetryConfig& claims,
                     std::uint32_t client)
      : truth_(truth), backend_(backend), metrics_(metrics), claims_(claims), client_(client) {}

  // A request leaves the worker (fetch): sets req.localId (and a beacon's items' localIds) to
  // the review it is about (0: none) and records an attempt when it starts one.
  AttributionTag on_send(core::HttpRequest& req, Time now);
  // The extension's stored sessions (by its localId), whose startTime dates a queued or
  // dead-lettered item: the item's review is the latest of its PR opened by then.
  using StoredSessions = std::vector<std::optional<core::Session>>;
  // pendingSessions written: a review with an end item queued has, from now on, its end item
  // in charge (its start requests create the row the end needs).
  void on_pending_written(const std::vector<core::PendingSession>& queue, const StoredSessions& stored, Time now);
  // A beacon sent by a page (sendBeacon): its items' localIds.
  void on_beacon(core::HttpRequest& req, Time now);
  // The extension saw this answer (status: HTTP, 0 network error, -1 its own timeout).
  void on_answer(const AttributionTag& tag, int status, Time retryAfterMs, Time now);
  // failedSyncItems written: entries not there before were dead-lettered now.
  void on_failed_items(const std::vector<core::FailedItem>& items, const StoredSessions& stored, Time now);

 private:
  using Key = std::pair<core::LocalId, bool>;  // (review, end item): RetryItem
  struct ItemState {
    bool lastOk = false;     // the item's previous request succeeded: the next one continues it
    bool held = false;       // the last answer was a 401: a working refresh retracts that failure
    std::size_t heldIndex = 0;  // (its place in the ledger; the resend continues the attempt)
    std::int32_t failures = 0;
    bool withdrawn = false;  // a start item once the review's end item took over
  };
  core::LocalId review_of_row(core::BackendId id) const;
  core::LocalId review_of_item(const core::PendingSession& p, const StoredSessions& stored, Time now) const;

  const GroundTruth& truth_;
  const Backend& backend_;
  Metrics& metrics_;
  core::RetryConfig claims_;
  std::uint32_t client_;
  std::map<Key, ItemState> items_;  // ordered: finish() commits in a fixed order
  std::vector<core::FailedItem> failed_;  // failedSyncItems as last written
  // Idempotency-Key values seen on starts -> their review: a key keeps its review, and a new key
  // goes to a review no other key has (two reviews of one PR opened at the same instant).
  std::map<std::uint64_t, core::LocalId> keyReview_;
  std::vector<std::uint8_t> keyed_;       // by review: some key is bound to it
  std::vector<std::uint8_t> started_;     // by review: a start request was attributed to it
  std::vector<Time> endQueued_;           // by review: when an end item was first queued (-1: not yet)
};

}  // namespace syncsim::sim
