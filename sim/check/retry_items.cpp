#include "sim/check/retry_items.hpp"

namespace syncsim::sim {

std::map<RetryItem, std::vector<const RetryEvent*>> retry_items(const std::vector<RetryEvent>& ledger) {
  std::map<RetryItem, std::vector<const RetryEvent*>> items;
  for (const auto& e : ledger) items[{e.id, e.endAction}].push_back(&e);
  return items;
}

}  // namespace syncsim::sim
