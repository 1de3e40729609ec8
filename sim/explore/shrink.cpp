#include "sim/explore/shrink.hpp"
#include "sim/explore/swarm.hpp"

#include <algorithm>
#include <functional>

#include "sim/check/run_world.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/world/user.hpp"

namespace syncsim::sim {

WorldParams materialize(const WorldParams& p) {
  WorldParams m = p;
  if (!m.sessions) {
    Rng userRng = Rng::stream(p.seed, "user");
    m.sessions = plan_sessions(p.user, p.durationMs, userRng);
  }
  Rng faultRng = Rng::stream(p.seed, "faults");
  m.faults = expand_faults(p.faults, p.faultRates, p.durationMs, faultRng);
  m.faultRates = FaultRates{};
  return m;
}

namespace {
bool violates(const WorldParams& p, const core::StrategyConfig& s, Property target) {
  for (const auto& v : run_world(p, s).violations)
    if (v.property == target) return true;
  return false;
}

// The trace span of the first violation of `target` (by its end); from < 0 if none.
struct Span {
  Time from = -1, to = -1;
};
Span first_span(const WorldParams& p, const core::StrategyConfig& s, Property target) {
  Span span;
  for (const auto& v : run_world(p, s).violations)
    if (v.property == target && (span.to < 0 || v.spanTo < span.to)) span = {v.spanFrom, v.spanTo};
  return span;
}

// The world without what ended long before `from`: reviews closed and faults over an hour
// before it, then everything moved earlier by whole days (the user's working hours stay where
// they were). A failure in week three of a month costs every later step the first two weeks.
WorldParams cut_before(const WorldParams& p, Time from) {
  WorldParams c = p;
  const Time keep = from - kHour;
  std::erase_if(*c.sessions, [&](const PlannedSession& x) { return x.closeAt < keep; });
  std::erase_if(c.faults, [&](const Fault& f) { return f.at + f.duration < keep; });
  Time first = keep;
  for (const auto& x : *c.sessions) first = std::min(first, x.openAt);
  for (const auto& f : c.faults) first = std::min(first, f.at);
  const Time shift = std::max<Time>(0, first) / kDay * kDay;
  if (shift == 0) return c;
  for (auto& x : *c.sessions) x.openAt -= shift, x.closeAt -= shift;
  for (auto& f : c.faults) f.at -= shift;
  c.durationMs -= shift;
  return c;
}

// The world cut at `cut`: reviews opened after it and faults starting after it dropped, the
// workload ending soon after what is left. Weeks of world after a failure cost every later
// shrinking step a full run.
WorldParams cut_after(const WorldParams& p, Time cut) {
  WorldParams c = p;
  std::erase_if(*c.sessions, [&](const PlannedSession& x) { return x.openAt > cut; });
  std::erase_if(c.faults, [&](const Fault& f) { return f.at > cut; });
  Time last = cut;
  for (const auto& x : *c.sessions) last = std::max(last, x.closeAt);
  for (const auto& f : c.faults) last = std::max(last, f.at + f.duration);
  c.durationMs = std::min(p.durationMs, (last / kMinute + 2) * kMinute);
  return c;
}

// ddmin-style: drop chunks (halves, quarters, ... single items) while the failure remains.
template <class T>
void reduce(std::vector<T>& items, const std::function<bool(const std::vector<T>&)>& stillFails) {
  std::size_t chunk = std::max<std::size_t>(items.size() / 2, 1);
  while (!items.empty()) {
    bool removed = false;
    for (std::size_t start = 0; start < items.size();) {
      std::vector<T> candidate;
      candidate.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i)
        if (i < start || i >= start + chunk) candidate.push_back(items[i]);
      if (candidate.size() < items.size() && stillFails(candidate)) {
        items = std::move(candidate);
        removed = true;
      } else {
        start += chunk;
      }
    }
    if (chunk == 1 && !removed) break;
    if (!removed) chunk = std::max<std::size_t>(chunk / 2, 1);
  }
}
}  // namespace

WorldParams shrink(const WorldParams& original, const core::StrategyConfig& s, Property target) {
  WorldParams p = materialize(original);
  const Span span = first_span(p, s, target);
  if (span.to < 0) return p;  // cannot happen for a deterministic world
  if (span.to < p.durationMs) {
    const WorldParams c = cut_after(p, span.to);
    if (violates(c, s, target)) p = c;
  }
  if (span.from > kDay) {
    const WorldParams c = cut_before(p, span.from);
    if (violates(c, s, target)) p = c;
  }

  reduce<Fault>(p.faults, [&](const std::vector<Fault>& f) {
    WorldParams c = p;
    c.faults = f;
    return violates(c, s, target);
  });
  reduce<PlannedSession>(*p.sessions, [&](const std::vector<PlannedSession>& sessions) {
    WorldParams c = p;
    c.sessions = sessions;
    return violates(c, s, target);
  });
  // Simpler world: no background loss, if the failure does not need it.
  {
    WorldParams c = p;
    c.network.requestLoss = 0;
    c.network.responseLoss = 0;
    if (violates(c, s, target)) p = c;
  }
  {
    WorldParams c = p;
    c.browser.loseInflightSetOnKill = false;
    if (violates(c, s, target)) p = c;
  }
  // Shorter day: end soon after the last review or fault.
  Time last = 0;
  for (const auto& x : *p.sessions) last = std::max(last, x.closeAt);
  for (const auto& f : p.faults) last = std::max(last, f.at + f.duration);
  const Time shorter = (last / kMinute + 2) * kMinute;
  if (shorter < p.durationMs) {
    WorldParams c = p;
    c.durationMs = shorter;
    if (violates(c, s, target)) p = c;
  }
  return p;
}

WorldParams shrink_failure(const FailureGroup& g, const core::StrategyConfig& strategy) {
  return shrink(g.swarm.world(g.firstSeed, strategy), strategy, g.properties.front());
}

}  // namespace syncsim::sim
