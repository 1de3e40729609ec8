#pragma once
// The retry ledger grouped by pending item: property 2 and the retry-gap figures both read each
// item's attempts and failures in the order they happened. One pointer per ledger entry, sorted
// by item (a map of vectors cost 70 bytes an entry at the end of a months-long run).
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "sim/world/metrics.hpp"

namespace syncsim::sim {

// (localId, end action): a session's start and its end are retried as separate items.
using RetryItem = std::pair<core::LocalId, bool>;

// Each item's ledger entries, in ledger order; items in (localId, action) order. Iterating
// gives (item, its entries); the ledger must outlive this.
class RetryItems {
 public:
  explicit RetryItems(const std::vector<RetryEvent>& ledger);

  class Iterator {
   public:
    Iterator(const std::vector<const RetryEvent*>& v, std::size_t at) : v_(&v), i_(at), j_(group_end(at)) {}
    std::pair<RetryItem, std::span<const RetryEvent* const>> operator*() const {
      return {RetryItem{(*v_)[i_]->id, (*v_)[i_]->endAction}, std::span<const RetryEvent* const>(v_->data() + i_, j_ - i_)};
    }
    Iterator& operator++() {
      i_ = j_;
      j_ = group_end(i_);
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    std::size_t group_end(std::size_t from) const;
    const std::vector<const RetryEvent*>* v_;
    std::size_t i_, j_;
  };
  Iterator begin() const { return Iterator(sorted_, 0); }
  Iterator end() const { return Iterator(sorted_, sorted_.size()); }

 private:
  std::vector<const RetryEvent*> sorted_;
};

inline RetryItems retry_items(const std::vector<RetryEvent>& ledger) { return RetryItems(ledger); }

}  // namespace syncsim::sim
