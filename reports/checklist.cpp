#include "checklist.hpp"

#include <map>

#include <fmt/format.h>

#include "aggregate.hpp"
#include "summary.hpp"

namespace syncsim::reports {

namespace {
constexpr auto kStart = static_cast<std::size_t>(core::Endpoint::StartSession);
constexpr auto kEnd = static_cast<std::size_t>(core::Endpoint::EndSession);
}  // namespace

const std::vector<std::string>& checklist_requirements() {
  static const std::vector<std::string> r = {
      "Dashboard shows completed within 2 s of tab close",
      "Tab close latency < 500 ms",
      "End session syncs within 500 ms",
      "Storage stable over the day",
      "API call volume <= 60/hour + events",
      "Failed sync retries with increasing delays",
      "Backend 400: no retry, logged to dead letter",
  };
  return r;
}

std::vector<ChecklistResult> plan_checklist(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  std::map<std::pair<std::string, std::string>, Aggregate> agg;  // (strategy, profile)
  std::vector<std::string> profiles;
  for (const auto& r : rows) {
    agg[{r.strategy, r.scenario}].add(r);
    if (std::find(profiles.begin(), profiles.end(), r.scenario) == profiles.end()) profiles.push_back(r.scenario);
  }
  const auto& req = checklist_requirements();
  std::vector<ChecklistResult> out;
  for (const auto& s : strategies)
    for (const auto& p : profiles) {
      auto it = agg.find({s, p});
      if (it == agg.end()) continue;
      const Aggregate& a = it->second;
      auto add = [&](std::size_t i, bool applicable, bool pass, std::string figure) {
        out.push_back({req[i], s, p, applicable, pass, std::move(figure)});
      };
      const double share = a.share_within_2s();
      add(0, a.ended > 0, share >= 0.99, fmt::format("{:.1f} % within 2 s", 100.0 * share));
      const auto h95 = percentile(a.handler, 95);
      add(1, !a.handler.empty(), h95 && *h95 < 500, fmt::format("p95 {}", text_ms(h95)));
      const auto l95 = percentile(a.latencies, 95);
      add(2, !a.latencies.empty(), l95 && *l95 <= 500 && a.completed == a.ended,
          fmt::format("p95 {}, {} of {} completed", text_ms(l95), a.completed, a.ended));
      // Session records are kept by design (assumption: no pruning), so storage may grow by one
      // record per session; anything more, or a queue left after the drain, is not stable.
      const double perSession = a.ended + a.malformed ? a.totalStorageGrowth / static_cast<double>(a.ended + a.malformed) : 0.0;
      add(3, a.workloadHours >= 12, perSession <= 256 && a.pendingAfterDrain == 0,
          fmt::format("{:.0f} B per session, {} queued after drain", perSession, a.pendingAfterDrain));
      const double sessionEventsPerHour = a.per_hour(a.byEndpoint[kStart] + a.byEndpoint[kEnd]);
      const double perHour = a.per_hour(a.requests);
      add(4, a.hours > 0, perHour <= 60.0 + sessionEventsPerHour, fmt::format("{:.1f} requests/h ({:.1f} start/end)", perHour, sessionEventsPerHour));
      add(5, a.gapPairs > 0, a.gapPairs > 0 && a.gapIncreases * 10 >= a.gapPairs * 9,
          a.gapPairs ? fmt::format("{} of {} successive gaps longer", a.gapIncreases, a.gapPairs) : "no retried item");
      add(6, a.malformed > 0, a.malformed > 0 && a.malformedInDlq == a.malformed && a.malformedAttempts <= 2 * a.malformed,
          a.malformed ? fmt::format("{} of {} in dead letter, {} attempts", a.malformedInDlq, a.malformed, a.malformedAttempts) : "no malformed session");
    }
  return out;
}

std::vector<ApiClaim> api_claims(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies,
                                 const std::string& profile) {
  std::map<std::string, Aggregate> agg;
  for (const auto& r : rows)
    if (r.scenario == profile) agg[r.strategy].add(r);
  const std::map<std::string, std::string> claims = {
      {"baseline", "12 calls/hour (5-minute alarm)"},
      {"approach1", "120 calls/hour (30 s alarm)"},
      {"approach2", "60 calls/hour baseline + events"},
      {"hardened", "(as approach2)"},
  };
  std::vector<ApiClaim> out;
  for (const auto& s : strategies) {
    auto it = agg.find(s);
    if (it == agg.end()) continue;
    const Aggregate& a = it->second;
    ApiClaim c;
    c.strategy = s;
    c.claim = claims.count(s) ? claims.at(s) : "";
    c.alarmsPerHour = a.per_hour(a.alarmFires);
    c.wakeupsPerHour = a.per_hour(a.wakeups);
    c.requestsPerHour = a.per_hour(a.requests);
    c.sessionRequestsPerHour = a.per_hour(a.byEndpoint[kStart] + a.byEndpoint[kEnd]);
    out.push_back(c);
  }
  return out;
}

}  // namespace syncsim::reports
