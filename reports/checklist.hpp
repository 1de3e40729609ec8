#pragma once
// The plan's own measurable requirements (its Testing Checklist and Phase tests), judged per
// strategy and profile from the runs, each with the figure that decides it; and each failure
// classified: a defect of the strategy, or unachievable as the plan writes it. Thresholds,
// definitions and the classification rule: reports/README.md.
#include <string>
#include <vector>

#include "report_accumulator.hpp"

namespace syncsim::reports {

struct ChecklistResult {
  std::string requirement;
  std::string strategy;
  std::string profile;
  bool applicable = true;
  bool pass = false;
  std::string figure;
};

const std::vector<std::string>& checklist_requirements();
std::vector<ChecklistResult> plan_checklist(const ReportAccumulator& acc);

// One requirement for one strategy over every profile where it applies.
struct ChecklistClass {
  std::string requirement;
  std::string strategy;
  int applicable = 0, passed = 0;
  std::string worst;  // "profile: figure" of the first failing profile
  // Failing profiles where another strategy passes (a defect: it can be done here) and where
  // none does (unachievable in that profile's world, or as the plan writes the requirement).
  std::vector<std::string> defectProfiles, unachievableProfiles;
  std::string kind;    // "pass", "defect", "unachievable as written", "defect + unachievable", "n/a"
  std::string reason;  // why, with the finding when there is one
};
std::vector<ChecklistClass> classify_checklist(const std::vector<ChecklistResult>& results,
                                               const std::vector<std::string>& strategies);

// The plan's API-load claims beside measured figures, from one profile's runs.
struct ApiClaim {
  std::string strategy;
  std::string claim;
  double alarmsPerHour = 0;
  double wakeupsPerHour = 0;
  double requestsPerHour = 0;
  Interval requestsPerHourCi;  // mean over seeds of each run's rate, 95 %
  double sessionRequestsPerHour = 0;  // start + end
};
std::vector<ApiClaim> api_claims(const ReportAccumulator& acc);

}  // namespace syncsim::reports
