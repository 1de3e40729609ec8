#pragma once
// Which findings (docs/findings.md) explain a strategy's violations of a property: the link
// the report's verdict gives beside each failure. Kept beside the findings' own "Property"
// lines; a strategy the index does not know (a team's bundle) gets none.
#include <string>
#include <vector>

#include "sim/check/property.hpp"

namespace syncsim::reports {

// "F1", "F8", ... in the findings' order; a "ts:" strategy shares its C++ peer's findings.
std::vector<std::string> findings_for(const std::string& strategy, sim::Property p);

}  // namespace syncsim::reports
