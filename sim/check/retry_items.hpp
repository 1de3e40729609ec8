#pragma once
// The retry ledger grouped by pending item: property 2 and the retry-gap figures both read each
// item's attempts and failures in the order they happened.
#include <map>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "sim/world/metrics.hpp"

namespace syncsim::sim {

// (localId, end action): a session's start and its end are retried as separate items.
using RetryItem = std::pair<core::LocalId, bool>;

// Each item's ledger entries, in ledger order; items in (localId, action) order.
std::map<RetryItem, std::vector<const RetryEvent*>> retry_items(const std::vector<RetryEvent>& ledger);

}  // namespace syncsim::sim
