#include "sim/check/retry_items.hpp"

#include <algorithm>

namespace syncsim::sim {

RetryItems::RetryItems(const std::vector<RetryEvent>& ledger) {
  sorted_.reserve(ledger.size());
  for (const auto& e : ledger) sorted_.push_back(&e);
  // Stable: within an item, ledger order.
  std::stable_sort(sorted_.begin(), sorted_.end(), [](const RetryEvent* a, const RetryEvent* b) {
    return std::pair(a->id, a->endAction) < std::pair(b->id, b->endAction);
  });
}

std::size_t RetryItems::Iterator::group_end(std::size_t from) const {
  const auto& v = *v_;
  std::size_t k = from;
  while (k < v.size() && v[k]->id == v[from]->id && v[k]->endAction == v[from]->endAction) ++k;
  return k;
}

}  // namespace syncsim::sim
