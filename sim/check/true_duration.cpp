#include "sim/check/true_duration.hpp"

#include <fmt/format.h>

#include "sim/world/world.hpp"

namespace syncsim::sim {

Time duration_tolerance(const World& w, const TrueSession& t) {
  const Time ping = w.params.user.activityIntervalMs;
  const auto sleeps = static_cast<Time>(w.truth.sleeps_during(t));
  return 2 * kSecond + w.truth.awake_open(t) / 100 + 2 * ping * (1 + sleeps);
}

void check_true_duration(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  for (const ServerSession* r : rows.own) {
    if (r->status != ServerStatus::Completed || r->owner >= truth.size() || !truth[r->owner].exists) continue;
    const TrueSession& t = truth[r->owner];
    if (t.closedAt < 0) continue;  // completed while open: property 6's violation
    const Time real = w.truth.awake_open(t);
    const Time recorded = Time{r->durationSeconds} * kSecond;
    const Time tolerance = duration_tolerance(w, t);
    if (recorded >= real - tolerance && recorded <= real + tolerance) continue;
    const std::size_t sleeps = w.truth.sleeps_during(t);
    out.push_back({Property::TrueDuration, r->owner, r->completedAt, t.openedAt, r->completedAt,
                   fmt::format("server session #{} records {} s of work; the review was open {:.1f} s with the device "
                               "awake{} (tolerance {:.1f} s)",
                               r->id, r->durationSeconds, static_cast<double>(real) / kSecond,
                               sleeps ? fmt::format(", across {} device sleep{}", sleeps, sleeps == 1 ? "" : "s") : "",
                               static_cast<double>(tolerance) / kSecond)});
  }
}

}  // namespace syncsim::sim
