#include "activity_list.hpp"

#include <algorithm>

#include "types.hpp"

namespace syncsim::core {

const Activity* ActivityList::begin() const { return buf_ ? buf_->data() + begin_ : nullptr; }
const Activity* ActivityList::end() const { return buf_ ? buf_->data() + end_ : nullptr; }
const Activity& ActivityList::operator[](std::size_t i) const { return (*buf_)[begin_ + i]; }

ActivityList::ActivityList(std::vector<Activity> v) : end_(v.size()) {
  if (!v.empty()) buf_ = std::make_shared<std::vector<Activity>>(std::move(v));
}

void ActivityList::own() {
  auto fresh = std::make_shared<std::vector<Activity>>(begin(), end());
  buf_ = std::move(fresh);
  end_ -= begin_;
  begin_ = 0;
}

void ActivityList::push_back(const Activity& a) {
  if (!buf_) {
    buf_ = std::make_shared<std::vector<Activity>>();
  } else if (buf_->size() != end_) {
    own();  // another list appended past this one's end (or a shared buffer was cut): copy first
  } else if (begin_ >= 64 && begin_ >= size()) {
    own();  // more sent than kept: drop the sent prefix (amortized: each copy follows as many erases)
  }
  buf_->push_back(a);
  ++end_;
}

void ActivityList::erase_front(std::size_t n) {
  begin_ += std::min(n, size());
  if (begin_ == end_) *this = ActivityList();
}

bool ActivityList::operator==(const ActivityList& o) const {
  return size() == o.size() && std::equal(begin(), end(), o.begin(), [](const Activity& x, const Activity& y) {
           return x.localId == y.localId && x.at == y.at;
         });
}

}  // namespace syncsim::core
