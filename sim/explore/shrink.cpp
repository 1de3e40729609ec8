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
  if (!violates(p, s, target)) return p;  // cannot happen for a deterministic world

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
  return shrink(swarm_world(g.firstSeed), strategy, g.properties.front());
}

}  // namespace syncsim::sim
