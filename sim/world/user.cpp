#include "sim/world/user.hpp"

#include <algorithm>

#include "sim/world/browser.hpp"
#include "sim/world/ground_truth.hpp"

namespace syncsim::sim {

std::vector<PlannedSession> plan_sessions(const UserParams& p, Time duration, Rng& rng) {
  std::vector<PlannedSession> out;
  const Time windowStart = static_cast<Time>(p.workStartHour) * kHour;
  const Time windowEnd = static_cast<Time>(p.workEndHour) * kHour;
  const Time window = std::max<Time>(windowEnd - windowStart, kMinute);
  const double meanReview = static_cast<double>(p.reviewMinMs + p.reviewMaxMs) / 2.0;
  const double n = std::max(p.sessionsPerDay, 0.01);
  // Gaps chosen so that about sessionsPerDay sessions fit in the working window.
  const double busy = n * (1.0 - p.parallelProbability) * meanReview;
  const double meanGap = std::max(10.0 * kSecond, (static_cast<double>(window) - busy) / n);
  std::uint32_t tab = 1;
  // Hours are of the simulated day: t = 0 is midnight of day 0 unless the window says otherwise.
  for (Time day = 0; day < duration; day += kDay) {
    Time t = day + windowStart;
    while (true) {
      const Time open = t + static_cast<Time>(rng.exponential(meanGap));
      if (open >= day + windowEnd || open >= duration) break;
      const Time review = rng.between(p.reviewMinMs, p.reviewMaxMs);
      Time close = std::min(open + review, duration - kSecond);
      if (close <= open) break;
      PlannedSession s;
      s.tab = tab++;
      s.openAt = open;
      s.closeAt = close;
      s.repo = 1 + static_cast<std::uint32_t>(rng.below(std::max<std::uint32_t>(p.repos, 1)));
      s.pr = 1 + static_cast<std::int32_t>(rng.below(5000));
      if (rng.chance(p.malformedRate)) s.pr = 0;  // the backend answers 400
      out.push_back(s);
      t = rng.chance(p.parallelProbability) ? open : close;
    }
  }
  return out;
}

User::User(Scheduler& sched, GroundTruth& truth, Browser& browser, std::vector<PlannedSession> plan)
    : sched_(sched), truth_(truth), browser_(browser), plan_(std::move(plan)) {}

void User::schedule_all() {
  for (const PlannedSession& s : plan_)
    if (s.pr <= 0) truth_.mark_malformed(s.tab);
  order_.resize(plan_.size());
  for (std::size_t i = 0; i < plan_.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return plan_[a].openAt < plan_[b].openAt; });
  seqBase_ = sched_.reserve_seqs(plan_.size());
  next_ = 0;
  schedule_next();
}

void User::schedule_next() {
  if (next_ == order_.size()) return;
  const std::uint32_t i = order_[next_++];
  sched_.at_reserved(plan_[i].openAt, &User::on_planned_open, this, i, seqBase_ + i);
}

// The planned opening, on time: the next one is queued (it opens at or after now), then this
// one runs as any opening does (deferred while the browser is away).
void User::on_planned_open(void* self, std::uint64_t i) {
  static_cast<User*>(self)->schedule_next();
  on_open(self, i);
}

void User::on_open(void* self, std::uint64_t i) {
  auto& u = *static_cast<User*>(self);
  const PlannedSession& s = u.plan_[i];
  if (!u.browser_.available()) {
    u.sched_.at(u.browser_.available_at(), &User::on_open, &u, i);  // when the user is back
    return;
  }
  u.browser_.open_tab(s.tab, s.repo, s.pr);
  const Time review = s.closeAt - s.openAt;
  u.sched_.after(review, &User::on_close, &u, i);
}

void User::on_close(void* self, std::uint64_t i) {
  auto& u = *static_cast<User*>(self);
  if (!u.browser_.available()) {
    u.sched_.at(u.browser_.available_at(), &User::on_close, &u, i);
    return;
  }
  u.browser_.close_tab(u.plan_[i].tab);
}

}  // namespace syncsim::sim
