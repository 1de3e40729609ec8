#pragma once
// The plan's own measurable requirements (its Testing Checklist and Phase tests), judged per
// strategy and profile from the runs, each with the figure that decides it. Thresholds and
// definitions: reports/README.md.
#include <string>
#include <vector>

#include "report.hpp"

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
std::vector<ChecklistResult> plan_checklist(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies);

// The plan's API-load claims beside measured figures, from one profile's runs.
struct ApiClaim {
  std::string strategy;
  std::string claim;
  double alarmsPerHour = 0;
  double wakeupsPerHour = 0;
  double requestsPerHour = 0;
  double sessionRequestsPerHour = 0;  // start + end
};
std::vector<ApiClaim> api_claims(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies,
                                 const std::string& profile);

}  // namespace syncsim::reports
