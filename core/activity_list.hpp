#pragma once
// pendingActivities: the array the plan appends to on every activity ping and writes whole to
// storage each time (chrome.storage.local.set({pendingActivities})). It has a vector's value
// semantics - a copy never sees later changes - but a copy shares the elements instead of
// copying them: the storage holds a snapshot at every set, and an outage that grows the queue
// to thousands must not make each ping cost the queue's length (it was 14 % of approach2's
// `check`). A list is a range [begin, end) of a shared buffer. Appending at the buffer's tip
// is safe while shared: the other snapshots end before it. Anything else copies first.
#include <cstddef>
#include <memory>
#include <vector>

namespace syncsim::core {

struct Activity;  // core/types.hpp, which holds lists of them

class ActivityList {
 public:
  ActivityList() = default;
  explicit ActivityList(std::vector<Activity> v);

  std::size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }
  const Activity* begin() const;
  const Activity* end() const;
  const Activity& operator[](std::size_t i) const;

  void push_back(const Activity& a);
  // The first n go (all, when n > size()): pendingActivities.splice(0, n).
  void erase_front(std::size_t n);
  bool operator==(const ActivityList& o) const;

 private:
  void own();  // a buffer of this list's elements alone, at its start

  std::shared_ptr<std::vector<Activity>> buf_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace syncsim::core
