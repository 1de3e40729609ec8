#include "sim/check/timely_completion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <tuple>

#include <fmt/format.h>

#include "sim/world/drain.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

namespace {

constexpr Time kPromiseMs = 2 * kSecond;      // the plan's testing checklist

struct Interval {
  Time from, to;  // [from, to]: the world is not healthy
};

// When the world is not healthy: every fault from its start to its end (an instantaneous one,
// a crash or a token revocation, at its instant), in time order; the extension unreachable
// after a cold start died with its alarms lost; and the whole run when loss or
// random 5xx are part of the network or the backend (the heal ends faults, not those: any
// request may still fail, so no bound holds). After the heal nothing else is.
std::vector<Interval> unhealthy(const World& w) {
  std::vector<Interval> out;
  const WorldParams& p = w.params;
  const Time heal = p.installAtMs + p.durationMs;
  if (p.network.requestLoss > 0 || p.network.responseLoss > 0 || p.backend.serverErrorRate > 0)
    out.push_back({0, heal + w.drain_ms()});
  // A backend of finite capacity refuses by load, not by schedule: no bound holds either.
  if (w.backend.capacity_per_second() > 0) out.push_back({0, heal + w.drain_ms()});
  for (const Fault& f : w.faults.faults()) {
    const Time from = p.installAtMs + f.at;
    out.push_back({from, std::min(heal, from + f.duration)});
  }
  for (const auto& [from, to] : w.backend.outages()) out.push_back({from, std::min(heal, to)});
  // An extension no code of its own could have made reachable (sim/world/service_worker.hpp):
  // from the cold start that died to the next start of its worker (F27).
  for (const auto& u : w.worker.unreachable()) out.push_back({u.from, u.to < 0 ? heal + w.drain_ms() : u.to});
  std::sort(out.begin(), out.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  return out;
}

// The unhealthy intervals, and their cover: the intervals left when each one inside an earlier
// one is dropped (by start, their ends increasing too). Whether a stretch is healthy depends on
// the union alone, so every question below is a binary search and a walk over the cover, not a
// scan of every fault (a weeks-long world has thousands of faults and of reviews, and the scans
// made this property a fifth of `check`'s time).
class Unhealthy {
 public:
  explicit Unhealthy(const std::vector<Interval>& bad) {
    for (const Interval& i : bad)
      if (cover_.empty() || i.to > cover_.back().to) cover_.push_back(i);  // sorted by start: i starts no earlier
  }
  // No unhealthy interval meets [from, to].
  bool quiet(Time from, Time to) const {
    const std::size_t k = covering_by(to);
    return k == 0 || cover_[k - 1].to < from;
  }
  // The first time t >= from such that no unhealthy interval meets [t, t + span].
  Time healthy_from(Time from, Time span) const {
    Time t = from;
    auto k = static_cast<std::size_t>(
        std::lower_bound(cover_.begin(), cover_.end(), from, [](const Interval& i, Time v) { return i.to < v; }) - cover_.begin());
    for (; k < cover_.size() && cover_[k].from <= t + span; ++k) t = std::max(t, cover_[k].to + 1);
    return t;
  }
  // The latest end of the intervals that started by c (-1: none); c is healthy, so it is before c.
  Time last_end_before(Time c) const {
    const std::size_t k = covering_by(c);
    return k == 0 ? -1 : cover_[k - 1].to;
  }

 private:
  // How many intervals of the cover start at or before t.
  std::size_t covering_by(Time t) const {
    return static_cast<std::size_t>(
        std::upper_bound(cover_.begin(), cover_.end(), t, [](Time v, const Interval& i) { return v < i.from; }) - cover_.begin());
  }
  std::vector<Interval> cover_;  // starts and ends increasing
};

// `bound` from `from`, and an alarm period and a cold start for each listener run the 5-minute
// rule killed within it beyond the kills backlog_time() already counts for `backlog` (it counts
// one per hard limit of sending from `from`, but a pass sending since before `from` is killed
// sooner; F32). Only kills that happened count, and only of a run that lived its whole five
// minutes in healthy weather: a run that hung on a request in an outage is the strategy's.
Time with_kills(const World& w, const Unhealthy& bad, Time from, Time bound, std::size_t backlog) {
  if (backlog == 0) return bound;
  const std::vector<Time>& kills = w.worker.hard_limit_kills();
  const Time restart = w.strategy.alarmPeriodMs + w.params.browser.workerStartMaxMs;
  Time owed = bound - (backlog_time(w, backlog) - backlog_send_time(w, backlog));  // without the restarts it counted
  for (auto k = std::upper_bound(kills.begin(), kills.end(), from); k != kills.end() && *k <= from + owed; ++k)
    if (bad.quiet(*k - w.params.browser.hardLimitMs, *k)) owed += restart;
  return std::max(bound, owed);
}

}  // namespace

Time promise_bound(const World& w) {
  // z = 4.75: a round trip slower than this happens once in a million.
  const double tail = w.params.network.latencyMedianMs * std::exp(4.75 * w.params.network.latencySigma);
  return kPromiseMs + static_cast<Time>(3 * tail) + w.params.network.serverTimeMs * 3;
}

void check_timely_completion(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  // The first completion of each review's rows.
  std::vector<Time> done(truth.size(), -1);
  for (const ServerSession* r : rows.own)
    if (r->status == ServerStatus::Completed && r->owner < done.size() && (done[r->owner] < 0 || r->completedAt < done[r->owner]))
      done[r->owner] = r->completedAt;
  const Unhealthy bad(unhealthy(w));
  const Time L = recovery_bound(w);
  const Time P = promise_bound(w);
  std::map<Time, std::size_t> backlogAt;  // healthy-from time -> reviews queued then
  // The queue at each close: the reviews that ended by then (at the same instant too) and were
  // not completed then, whatever put them there - an outage's backlog, a window of tabs closed
  // at once, reviews that closed behind either (F29, F33, F34). One sweep over the closes in
  // order, the pending completions (never: forever) in a min-heap.
  std::vector<std::pair<Time, Time>> closes;  // (closed, completed or kNever)
  constexpr Time kNever = std::numeric_limits<Time>::max();
  for (std::uint32_t j = 0; j < truth.size(); ++j)
    if (truth[j].exists && truth[j].closedAt >= 0) closes.emplace_back(truth[j].closedAt, done[j] < 0 ? kNever : done[j]);
  std::sort(closes.begin(), closes.end());
  std::vector<std::size_t> queuedAt(closes.size());
  {
    std::priority_queue<Time, std::vector<Time>, std::greater<>> pending;
    for (std::size_t k = 0; k < closes.size();) {
      const Time c = closes[k].first;
      std::size_t j = k;
      for (; j < closes.size() && closes[j].first == c; ++j) pending.push(closes[j].second);
      while (!pending.empty() && pending.top() <= c) pending.pop();
      for (; k < j; ++k) queuedAt[k] = pending.size();
    }
  }
  auto queued_at = [&](Time c) {
    return queuedAt[static_cast<std::size_t>(std::lower_bound(closes.begin(), closes.end(), std::pair<Time, Time>(c, -1)) - closes.begin())];
  };
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (!t.exists || t.closedAt < 0 || done[id] < 0) continue;  // not ended, or never completed (properties 1, 3)
    const Time c = t.closedAt;
    if (bad.quiet(c - L, c + L)) {
      // The promise, for a review closed in a healthy stretch, plus the time to send first
      // everything still queued when it closed. Each of those is judged by its own bound, so a
      // strategy that falls behind is reported at the first review it delays (F34). The stretch
      // must last the whole promise: an outage an hour into a backlog that takes three stops
      // the sending, and the review is then owed what the recovery bound below gives (F32).
      const std::size_t ahead = queued_at(c) - (done[id] > c ? 1 : 0);
      const Time promise = with_kills(w, bad, c, P + backlog_time(w, ahead), ahead);
      if (promise <= L || bad.quiet(c, c + promise)) {
        if (done[id] - c > promise)
          out.push_back({Property::TimelyCompletion, id, done[id], c, done[id],
                         ahead == 0
                             ? fmt::format("closed at {} ms in a healthy stretch, completed {} ms later; the plan promises {} ms "
                                           "(2 s and three round trips at this network's one-in-a-million latency)",
                                           c, done[id] - c, P)
                             : fmt::format("closed at {} ms in a healthy stretch behind {} reviews still queued, completed {} "
                                           "ms later; the bound is {} ms (the plan's {} ms and theirs)",
                                           c, ahead, done[id] - c, promise, P)});
        continue;
      }
    }
    // The review is owed completion once the world stays healthy long enough to send what was
    // queued ahead of it: a stretch with nothing unhealthy for the whole bound. (A gap of a few
    // minutes between outages owes nothing of a backlog that takes hours.)
    Time healthy = bad.healthy_from(c, L);
    std::map<Time, std::size_t>::iterator it;
    Time bound = 0;
    for (;;) {
      bool fresh = false;
      std::tie(it, fresh) = backlogAt.try_emplace(healthy, 0);
      // The reviews queued ahead when the world became healthy: ended by then, not completed.
      if (fresh)
        for (std::uint32_t j = 0; j < truth.size(); ++j)
          it->second += truth[j].exists && truth[j].closedAt >= 0 && truth[j].closedAt <= healthy && (done[j] < 0 || done[j] > healthy);
      // A worker lives at most hard_limit: a long backlog waits an alarm period (and a cold
      // start) at each of those (sim/world/drain.cpp, which the drain is sized by too).
      bound = with_kills(w, bad, healthy, L + backlog_time(w, it->second), it->second);
      const Time next = bad.healthy_from(healthy, bound);
      if (next == healthy) break;
      healthy = next;
    }
    if (done[id] > healthy + bound)
      out.push_back({Property::TimelyCompletion, id, done[id], c, done[id],
                     fmt::format("closed at {} ms, the world healthy from {} ms, completed at {} ms: {} ms after, beyond "
                                 "the strategy's bound of {} ms ({} ms, and {} reviews queued ahead)",
                                 c, healthy, done[id], done[id] - healthy, bound, L, it->second)});
  }
}

}  // namespace syncsim::sim
