#include "sim/world/attribution.hpp"

#include "sim/world/backend.hpp"
#include "sim/world/ground_truth.hpp"
#include "sim/world/metrics.hpp"

namespace syncsim::sim {

core::LocalId review_of(const GroundTruth& truth, std::uint32_t repo, std::int32_t pr, Time claimedStart,
                        const std::vector<std::uint8_t>* skip) {
  const auto& all = truth.sessions();
  core::LocalId best = 0, bestFree = 0;
  Time bestOpened = -1, bestFreeOpened = -1;
  for (core::LocalId id = 0; id < all.size(); ++id) {
    const TrueSession& t = all[id];
    if (!t.exists || t.repo != repo || t.pr != pr || t.openedAt > claimedStart) continue;
    if (t.openedAt > bestOpened) best = id, bestOpened = t.openedAt;
    const bool skipped = skip && id < skip->size() && (*skip)[id];
    if (!skipped && t.openedAt > bestFreeOpened) bestFree = id, bestFreeOpened = t.openedAt;
  }
  // The latest opening wins; among openings at the same instant, the first opened (the one
  // whose START_SESSION the extension got first) not skipped.
  return bestFree != 0 && bestFreeOpened == bestOpened ? bestFree : best;
}

core::LocalId first_unstarted_of(const GroundTruth& truth, std::uint32_t repo, std::int32_t pr, Time now,
                                 const std::vector<std::uint8_t>& started) {
  const auto& all = truth.sessions();
  core::LocalId first = 0;
  Time firstOpened = -1;
  for (core::LocalId id = 0; id < all.size(); ++id) {
    const TrueSession& t = all[id];
    if (!t.exists || t.repo != repo || t.pr != pr || t.openedAt > now) continue;
    if (id < started.size() && started[id]) continue;
    if (first == 0 || t.openedAt < firstOpened) first = id, firstOpened = t.openedAt;
  }
  return first;
}

core::LocalId RequestAttribution::review_of_row(core::BackendId id) const {
  const auto& rows = backend_.sessions();
  if (id <= 0 || static_cast<std::size_t>(id) > rows.size()) return 0;
  const ServerSession& row = rows[static_cast<std::size_t>(id - 1)];
  return row.client == client_ ? row.owner : 0;
}

core::LocalId RequestAttribution::review_of_item(const core::PendingSession& p, const StoredSessions& stored,
                                                 Time now) const {
  Time claimed = p.created_at > 0 && p.created_at <= now ? p.created_at : now;
  if (p.localId < stored.size() && stored[p.localId] && stored[p.localId]->startTime <= claimed)
    claimed = stored[p.localId]->startTime;  // its session's start, when the extension stored one
  return review_of(truth_, p.data.repo, p.data.pr_number, claimed);
}

void RequestAttribution::on_pending_written(const std::vector<core::PendingSession>& queue, const StoredSessions& stored,
                                            Time now) {
  for (const core::PendingSession& p : queue) {
    if (p.action != core::PendingAction::End) continue;
    const core::LocalId review = review_of_item(p, stored, now);
    if (review == 0) continue;
    if (endQueued_.size() <= review) endQueued_.resize(review + 1, -1);
    if (endQueued_[review] < 0) endQueued_[review] = now;
  }
}

void RequestAttribution::on_beacon(core::HttpRequest& req, Time now) {
  for (auto& item : req.beaconItems) {
    if (item.backendId > 0) {
      item.localId = review_of_row(item.backendId);
    } else {
      const Time claimed = item.created_at > 0 && item.created_at <= now ? item.created_at : now;
      item.localId = review_of(truth_, item.data.repo, item.data.pr_number, claimed);
    }
  }
}

AttributionTag RequestAttribution::on_send(core::HttpRequest& req, Time now) {
  AttributionTag tag;
  tag.endpoint = req.endpoint;
  switch (req.endpoint) {
    case core::Endpoint::RefreshToken: tag.kind = AttributionTag::Refresh; return tag;
    case core::Endpoint::Beacon: on_beacon(req, now); req.localId = 0; return tag;
    case core::Endpoint::Activities: req.localId = 0; return tag;
    case core::Endpoint::StartSession: {
      const Time claimed = req.claimedStart >= 0 && req.claimedStart <= now ? req.claimedStart : now;
      // The Idempotency-Key's value: the JS shim hashes the header; the C++ client's header is
      // its localId (core/http.hpp).
      const std::uint64_t key = req.keyHash ? req.keyHash : req.idempotencyKey ? (1ull << 63) | req.localId : 0;
      if (auto known = key ? keyReview_.find(key) : keyReview_.end(); known != keyReview_.end()) {
        tag.review = known->second;
      } else {
        // With no claimed start, the PR's earliest review that no start has gone out for yet: a
        // backlog sent after the PR was reviewed again holds the older reviews' starts, and the
        // latest review opened by the send is the wrong one (F22). Else the latest by the claim.
        tag.review = req.claimedStart < 0 ? first_unstarted_of(truth_, req.repo, req.prNumber, now, started_) : 0;
        if (tag.review == 0) tag.review = review_of(truth_, req.repo, req.prNumber, claimed, key ? &keyed_ : nullptr);
        if (key && tag.review) {
          keyReview_.emplace(key, tag.review);
          if (keyed_.size() <= tag.review) keyed_.resize(tag.review + 1, 0);
          keyed_[tag.review] = 1;
        }
      }
      if (tag.review) {
        if (started_.size() <= tag.review) started_.resize(tag.review + 1, 0);
        started_[tag.review] = 1;
      }
      // A start sent once the review's end is queued is its end item creating the missing row
      // (the plan's "Handle missing backendId").
      tag.endItem = tag.review < endQueued_.size() && endQueued_[tag.review] >= 0;
      break;
    }
    case core::Endpoint::EndSession:
      tag.review = review_of_row(req.sessionId);
      tag.endItem = true;
      break;
    case core::Endpoint::Count_: return tag;
  }
  req.localId = tag.review;
  if (tag.review == 0) return tag;
  tag.kind = AttributionTag::Item;
  if (tag.endItem) {
    // The end item takes over: the start item owes no retry of its own from here.
    auto start = items_.find({tag.review, false});
    if (start != items_.end() && !start->second.withdrawn) {
      start->second.held = false;
      start->second.withdrawn = true;
      metrics_.on_retry_event({now, tag.review, false, RetryEvent::Withdrawn, 0, 0, 0});
    }
  }
  const Key k{tag.review, tag.endItem};
  ItemState& s = items_[k];
  s.held = false;
  // A request after a success of the same item continues that attempt (an end item's start,
  // then its end); any other starts one.
  if (!s.lastOk) metrics_.on_retry_event({now, tag.review, tag.endItem, RetryEvent::Attempt, s.failures, 0, 0});
  s.lastOk = false;
  return tag;
}

void RequestAttribution::on_answer(const AttributionTag& tag, int status, Time retryAfterMs, Time now) {
  if (tag.kind == AttributionTag::Refresh) {
    // A working refresh: the 401s it answers were one attempt's first try, not failures.
    const bool ok = status >= 200 && status < 300;
    for (auto& [k, s] : items_) {
      if (!s.held) continue;
      s.held = false;
      if (!ok) continue;
      --s.failures;
      s.lastOk = true;  // the resend continues the attempt
      metrics_.retract_retry_event(s.heldIndex);
    }
    return;
  }
  if (tag.kind != AttributionTag::Item) return;
  const Key k{tag.review, tag.endItem};
  ItemState& s = items_[k];
  const bool done = (status >= 200 && status < 300) ||
                    (status == 409 && tag.endpoint == core::Endpoint::EndSession && claims_.conflictOnEndIsDone);
  if (done) {
    s.lastOk = true;
    return;
  }
  s.lastOk = false;
  s.held = status == 401;
  s.heldIndex = metrics_.request_ledger().size();
  ++s.failures;
  metrics_.on_retry_event({now, tag.review, tag.endItem, RetryEvent::Failure, 0, status, retryAfterMs});
}

void RequestAttribution::on_failed_items(const std::vector<core::FailedItem>& items, const StoredSessions& stored,
                                         Time now) {
  for (const core::FailedItem& f : items) {
    bool known = false;
    for (const core::FailedItem& g : failed_)
      known = known || (g.item.localId == f.item.localId && g.item.action == f.item.action && g.failedAt == f.failedAt &&
                        g.item.data.repo == f.item.data.repo && g.item.data.pr_number == f.item.data.pr_number);
    if (known) continue;
    const core::LocalId review = review_of_item(f.item, stored, now);
    const bool endItem = f.item.action == core::PendingAction::End;
    if (auto it = items_.find({review, endItem}); it != items_.end()) it->second.held = false;
    metrics_.on_retry_event({now, review, endItem, RetryEvent::DeadLetter, 0, 0, 0});
  }
  failed_ = items;
}

}  // namespace syncsim::sim
