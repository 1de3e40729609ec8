#pragma once
// The report's conclusion, derived from its figures: per strategy what it guarantees, what it
// costs and where it fails (with the finding that explains it), and which strategy to ship by
// a stated rule, never by name.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "checklist.hpp"
#include "report_accumulator.hpp"

namespace syncsim::reports {

struct PropertyFailure {
  sim::Property property;
  std::size_t runs = 0;        // runs violating it
  Interval share;              // Wilson, of all the strategy's runs
  std::size_t profiles = 0;    // profiles with a violating run
  std::string worstProfile;    // the profile with most violating runs
  std::size_t worstRuns = 0, worstOf = 0;
  std::vector<std::string> findings;
};

struct StrategyVerdict {
  std::string strategy;
  std::size_t runs = 0, failingRuns = 0;
  Interval failingShare;
  std::size_t profiles = 0, cleanProfiles = 0;  // profiles where every run held every property
  std::vector<sim::Property> neverViolated;
  std::vector<PropertyFailure> failures;
  // Cost on the API profile (a healthy day), means over its seeds.
  double requestsPerHour = 0, wakeupsPerHour = 0;
  Interval requestsPerHourCi, wakeupsPerHourCi;
  std::optional<sim::Time> handlerP95;  // all profiles
  std::int64_t peakStorage = 0;
  double stuckPerRun = 0;
  Interval stuckPerRunCi;
  bool needsIdempotencyKey = false;  // the strategy's own claim (core::StrategyConfig)
  int checklistPassed = 0, checklistApplicable = 0;
  std::vector<const ChecklistClass*> checklistFailures;
};

struct Verdict {
  std::vector<StrategyVerdict> strategies;  // in the report's order
  std::string recommended;                  // empty if nothing ran
  std::vector<std::string> reasoning;       // the recommendation's sentences
};

// The recommendation rule: fewest runs with any violation, then fewest stuck sessions per run,
// then fewest requests per hour on the API profile.
Verdict make_verdict(const ReportAccumulator& acc, const std::vector<ChecklistClass>& checklist);
std::string verdict_markdown(const Verdict& v, const ReportAccumulator& acc);
nlohmann::json verdict_json(const Verdict& v);

}  // namespace syncsim::reports
