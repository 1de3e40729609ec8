#include "verdict.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "finding_index.hpp"
#include "sim/js/js_extension.hpp"
#include "summary.hpp"

namespace syncsim::reports {

namespace {
std::string range(Interval i) { return fmt::format("{:.1f}–{:.1f}", i.lo, i.hi); }
std::string bytes(std::int64_t b) {
  return b < 10 * 1024 ? fmt::format("{} B", b) : fmt::format("{:.1f} KiB", static_cast<double>(b) / 1024.0);
}
}  // namespace

Verdict make_verdict(const ReportAccumulator& acc, const std::vector<ChecklistClass>& checklist) {
  Verdict v;
  const auto profiles = acc.profiles();
  for (const auto& s : acc.strategies()) {
    const Aggregate& all = acc.overall(s);
    StrategyVerdict sv;
    sv.strategy = s;
    sv.runs = all.runs;
    sv.failingRuns = all.failingRuns;
    sv.failingShare = wilson(all.failingRuns, all.runs);
    for (const auto& p : profiles)
      if (const Aggregate* c = acc.cell(p, s)) {
        ++sv.profiles;
        sv.cleanProfiles += c->failingRuns == 0;
      }
    for (auto p : sim::kAllProperties) {
      if (!all.violating(p)) {
        sv.neverViolated.push_back(p);
        continue;
      }
      PropertyFailure f;
      f.property = p;
      f.runs = all.violating(p);
      f.share = wilson(f.runs, all.runs);
      for (const auto& prof : profiles)
        if (const Aggregate* c = acc.cell(prof, s); c && c->violating(p)) {
          ++f.profiles;
          if (c->violating(p) > f.worstRuns) {
            f.worstRuns = c->violating(p);
            f.worstOf = c->runs;
            f.worstProfile = prof;
          }
        }
      f.findings = findings_for(s, p);
      sv.failures.push_back(std::move(f));
    }
    if (const Aggregate* api = acc.cell(acc.info().apiProfile, s)) {
      sv.requestsPerHour = api->requestsPerHour.mean();
      sv.requestsPerHourCi = api->requestsPerHour.ci95();
      sv.wakeupsPerHour = api->wakeupsPerHour.mean();
      sv.wakeupsPerHourCi = api->wakeupsPerHour.ci95();
    }
    sv.handlerP95 = all.handler.percentile(95);
    sv.peakStorage = all.peakStorage;
    sv.stuckPerRun = all.stuckPerRun.mean();
    sv.stuckPerRunCi = all.stuckPerRun.ci95();
    if (const auto config = sim::js::any_strategy(s)) sv.needsIdempotencyKey = config->needsIdempotencyKey;
    for (const auto& c : checklist) {
      if (c.strategy != s || c.kind == "n/a") continue;
      ++sv.checklistApplicable;
      if (c.kind == "pass") ++sv.checklistPassed;
      else sv.checklistFailures.push_back(&c);
    }
    v.strategies.push_back(std::move(sv));
  }
  std::vector<const StrategyVerdict*> ranked;
  for (const auto& sv : v.strategies)
    if (sv.runs) ranked.push_back(&sv);
  if (ranked.empty()) return v;
  auto share = [](const StrategyVerdict* s) { return static_cast<double>(s->failingRuns) / static_cast<double>(s->runs); };
  std::stable_sort(ranked.begin(), ranked.end(), [&](const StrategyVerdict* a, const StrategyVerdict* b) {
    if (share(a) != share(b)) return share(a) < share(b);
    if (a->stuckPerRun != b->stuckPerRun) return a->stuckPerRun < b->stuckPerRun;
    return a->requestsPerHour < b->requestsPerHour;
  });
  const StrategyVerdict& best = *ranked.front();
  v.recommended = best.strategy;
  std::vector<std::string> alsoClean;
  for (const auto* s : ranked)
    if (s != &best && s->failingRuns == 0) alsoClean.push_back(s->strategy);
  if (best.failingRuns == 0) {
    v.reasoning.push_back(fmt::format(
        "**Ship `{}`.** It held every property in all {} of its runs ({} profiles, {} seeds each): its failure rate on "
        "these worlds is below {} % (95 % upper bound).",
        best.strategy, best.runs, best.profiles, acc.info().seeds, percent_text(100.0 * best.failingShare.hi)));
    if (!alsoClean.empty()) {
      std::string names;
      for (const auto& n : alsoClean) names += (names.empty() ? "`" : ", `") + n + "`";
      v.reasoning.push_back("So did " + names + "; `" + best.strategy + "` ranks first by stuck sessions per run, then by requests per hour.");
    }
  } else {
    v.reasoning.push_back(fmt::format(
        "**No strategy held every property in every run.** `{}` failed the fewest: {} of {} runs ({}). Ship it only with "
        "its failures below understood.",
        best.strategy, best.failingRuns, best.runs, percent_range(best.failingShare)));
  }
  if (ranked.size() > 1) {
    const StrategyVerdict& next = *ranked[1];
    v.reasoning.push_back(fmt::format("Next: `{}`, with a violation in {} of {} runs ({}), {:.2f} stuck sessions per run.",
                                      next.strategy, next.failingRuns, next.runs, percent_range(next.failingShare), next.stuckPerRun));
  }
  const StrategyVerdict* cheapest = ranked.front();
  for (const auto* s : ranked)
    if (s->requestsPerHour < cheapest->requestsPerHour) cheapest = s;
  std::string cost = fmt::format("Its cost on a healthy day (`{}`): {:.1f} requests/h ({}) and {:.1f} worker wake-ups/h",
                                 acc.info().apiProfile, best.requestsPerHour, range(best.requestsPerHourCi), best.wakeupsPerHour);
  if (cheapest != &best)
    cost += fmt::format("; the cheapest, `{}`, sends {:.1f} requests/h but fails {} of {} runs", cheapest->strategy,
                        cheapest->requestsPerHour, cheapest->failingRuns, cheapest->runs);
  v.reasoning.push_back(cost + ".");
  if (best.needsIdempotencyKey)
    v.reasoning.push_back(fmt::format(
        "It needs a backend that honours `Idempotency-Key`: against one that does not, a lost start response makes "
        "a second row, which no client can prevent (docs/findings.md F2, \"What hardened needs from the backend\"; "
        "`syncsim check --strategy {} --idempotency all` shows it).",
        best.strategy));
  if (!best.checklistFailures.empty()) {
    int defects = 0, asWritten = 0, world = 0;
    for (const auto* c : best.checklistFailures) {
      defects += c->kind.find("defect") != std::string::npos;
      asWritten += c->kind == "unachievable as written";
      world += c->kind == "unachievable here";
    }
    v.reasoning.push_back(fmt::format(
        "Of the plan's checklist it passes {} of {} requirements. Of the {} it fails, {} {} a defect of the strategy "
        "(another strategy passes where it fails), {} cannot be met as the plan writes {}, and {} no strategy meets in "
        "some profiles' worlds (\"Why each requirement fails\" below).",
        best.checklistPassed, best.checklistApplicable, best.checklistFailures.size(), defects, defects == 1 ? "is" : "are",
        asWritten, asWritten == 1 ? "it" : "them", world));
  }
  return v;
}

std::string verdict_markdown(const Verdict& v, const ReportAccumulator& acc) {
  std::string md = "## Verdict\n\n";
  for (const auto& line : v.reasoning) md += line + "\n\n";
  md += "The rule: fewest runs with any violation, then fewest stuck sessions per run, then fewest requests per hour. "
        "Intervals are 95 % (reports/README.md, \"Intervals\").\n\n";
  for (const auto& sv : v.strategies) {
    if (!sv.runs) continue;
    md += fmt::format("### {}\n\n", sv.strategy);
    std::string never;
    for (auto p : sv.neverViolated)
      if (p != sim::Property::Deterministic) never += (never.empty() ? "`" : ", `") + std::string(sim::property_name(p)) + "`";
    md += fmt::format("- **Guarantees**: every property held in {} of {} runs ({}); on every seed of {} of {} profiles. "
                      "Never violated: {}.\n",
                      sv.runs - sv.failingRuns, sv.runs, percent_range(wilson(sv.runs - sv.failingRuns, sv.runs)), sv.cleanProfiles,
                      sv.profiles, never.empty() ? "none" : never);
    md += fmt::format("- **Costs**: on `{}`, {:.1f} requests/h ({}) and {:.1f} wake-ups/h ({}); endSession handler p95 {}; "
                      "peak storage {}; {:.2f} sessions stuck per run ({}).\n",
                      acc.info().apiProfile, sv.requestsPerHour, range(sv.requestsPerHourCi), sv.wakeupsPerHour,
                      range(sv.wakeupsPerHourCi), text_ms(sv.handlerP95), bytes(sv.peakStorage), sv.stuckPerRun,
                      fmt::format("{:.2f}–{:.2f}", sv.stuckPerRunCi.lo, sv.stuckPerRunCi.hi));
    if (sv.needsIdempotencyKey)
      md += "- **Needs**: a backend that honours `Idempotency-Key` (docs/findings.md, \"What hardened needs from the backend\").\n";
    for (const auto& f : sv.failures) {
      std::string refs;
      for (const auto& id : f.findings) refs += (refs.empty() ? "" : ", ") + id;
      md += fmt::format("- **Fails** `{}`: violated in {} of {} runs ({}), on {} of {} profiles; most on `{}` ({} of {} seeds){}.\n",
                        sim::property_name(f.property), f.runs, sv.runs, percent_range(f.share), f.profiles, sv.profiles, f.worstProfile,
                        f.worstRuns, f.worstOf, refs.empty() ? "" : "; why: docs/findings.md " + refs);
    }
    md += "\n";
  }
  return md;
}

nlohmann::json verdict_json(const Verdict& v) {
  nlohmann::json out = nlohmann::json::object();
  out["recommended"] = v.recommended;
  out["reasoning"] = v.reasoning;
  out["rule"] = "fewest runs with any violation, then fewest stuck sessions per run, then fewest requests per hour";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& sv : v.strategies) {
    nlohmann::json fails = nlohmann::json::array();
    for (const auto& f : sv.failures)
      fails.push_back({{"property", std::string(sim::property_name(f.property))},
                       {"runs", f.runs},
                       {"share_ci95", {f.share.lo, f.share.hi}},
                       {"profiles", f.profiles},
                       {"worst_profile", f.worstProfile},
                       {"worst_runs", f.worstRuns},
                       {"worst_of", f.worstOf},
                       {"findings", f.findings}});
    list.push_back({{"strategy", sv.strategy},
                    {"runs", sv.runs},
                    {"runs_with_violations", sv.failingRuns},
                    {"runs_with_violations_share_ci95", {sv.failingShare.lo, sv.failingShare.hi}},
                    {"profiles", sv.profiles},
                    {"clean_profiles", sv.cleanProfiles},
                    {"failures", fails},
                    {"requests_per_hour", sv.requestsPerHour},
                    {"requests_per_hour_ci95", {sv.requestsPerHourCi.lo, sv.requestsPerHourCi.hi}},
                    {"wakeups_per_hour", sv.wakeupsPerHour},
                    {"wakeups_per_hour_ci95", {sv.wakeupsPerHourCi.lo, sv.wakeupsPerHourCi.hi}},
                    {"stuck_per_run", sv.stuckPerRun},
                    {"stuck_per_run_ci95", {sv.stuckPerRunCi.lo, sv.stuckPerRunCi.hi}},
                    {"needs_idempotency_key", sv.needsIdempotencyKey},
                    {"checklist_passed", sv.checklistPassed},
                    {"checklist_applicable", sv.checklistApplicable}});
  }
  out["strategies"] = list;
  return out;
}

}  // namespace syncsim::reports
