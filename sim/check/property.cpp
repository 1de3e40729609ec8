#include "sim/check/property.hpp"

namespace syncsim::sim {

std::string_view property_name(Property p) {
  switch (p) {
    case Property::NoStuckInProgress: return "no_stuck_in_progress";
    case Property::BackoffBounds: return "backoff_bounds";
    case Property::NothingLost: return "nothing_lost";
    case Property::NoDuplicates: return "no_duplicates";
    case Property::Deterministic: return "deterministic";
    case Property::NoEarlyCompletion: return "no_early_completion";
    case Property::TrueDuration: return "true_duration";
    case Property::TimelyCompletion: return "timely_completion";
  }
  return "unknown";
}

std::optional<Property> property_by_name(std::string_view name) {
  for (auto p : kAllProperties)
    if (property_name(p) == name) return p;
  return std::nullopt;
}

}  // namespace syncsim::sim
