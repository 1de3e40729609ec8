// core::ActivityList: a vector's value semantics with copies that share their elements. Every
// copy is a snapshot the storage keeps: no later change through another copy may reach it.
#include <catch2/catch.hpp>

#include <vector>

#include "core/activity_list.hpp"
#include "core/types.hpp"

using syncsim::core::Activity;
using syncsim::core::ActivityList;

namespace {
std::vector<std::uint32_t> ids(const ActivityList& l) {
  std::vector<std::uint32_t> out;
  for (const Activity& a : l) out.push_back(a.localId);
  return out;
}
Activity act(std::uint32_t id) { return Activity{id, static_cast<syncsim::core::Millis>(id) * 10}; }
}  // namespace

TEST_CASE("an activity list's copies are snapshots", "[activity_list]") {
  ActivityList worker;
  for (std::uint32_t i = 1; i <= 3; ++i) worker.push_back(act(i));
  const ActivityList stored = worker;  // a set's value
  worker.push_back(act(4));            // appended at the shared buffer's tip
  CHECK(ids(stored) == std::vector<std::uint32_t>{1, 2, 3});
  CHECK(ids(worker) == std::vector<std::uint32_t>{1, 2, 3, 4});

  // Two copies at the same end both append: the second must not write over the first's.
  ActivityList other = stored;
  other.push_back(act(9));
  CHECK(ids(other) == std::vector<std::uint32_t>{1, 2, 3, 9});
  CHECK(ids(worker) == std::vector<std::uint32_t>{1, 2, 3, 4});
  CHECK(ids(stored) == std::vector<std::uint32_t>{1, 2, 3});

  // splice(0, n) leaves the snapshots whole.
  worker.erase_front(2);
  CHECK(ids(worker) == std::vector<std::uint32_t>{3, 4});
  CHECK(ids(stored) == std::vector<std::uint32_t>{1, 2, 3});
  worker.erase_front(5);  // clamps, as splice does
  CHECK(worker.empty());
  worker.push_back(act(5));
  CHECK(ids(worker) == std::vector<std::uint32_t>{5});
  CHECK(stored == ActivityList(std::vector<Activity>{act(1), act(2), act(3)}));
}

TEST_CASE("an activity list sent and refilled for long keeps exactly its elements", "[activity_list]") {
  // A queue that is sent a few at a time while pings keep coming, with a snapshot kept at every
  // step (as the storage does): the list and every snapshot match a plain vector's history.
  ActivityList l;
  std::vector<Activity> model;
  std::vector<std::pair<ActivityList, std::vector<Activity>>> snapshots;
  std::uint32_t next = 1;
  for (int step = 0; step < 5000; ++step) {
    const int pushes = step % 7 == 0 ? 0 : 1 + step % 3;
    for (int k = 0; k < pushes; ++k) {
      l.push_back(act(next));
      model.push_back(act(next));
      ++next;
    }
    if (step % 5 == 0) {
      const std::size_t n = std::min<std::size_t>(model.size(), static_cast<std::size_t>(step % 11));
      l.erase_front(n);
      model.erase(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (step % 97 == 0) snapshots.emplace_back(l, model);
    REQUIRE(l == ActivityList(model));
  }
  for (const auto& [snap, want] : snapshots) CHECK(snap == ActivityList(want));
}
