#include "sim/check/no_duplicates.hpp"

#include <fmt/format.h>

#include "sim/world/world.hpp"

namespace syncsim::sim {

void check_no_duplicates(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    if (rows.count[id] > 1)
      out.push_back({Property::NoDuplicates, id, truth[id].openedAt, truth[id].openedAt, w.sched.now(),
                     fmt::format("{} server sessions for one local session", rows.count[id])});
  }
}

}  // namespace syncsim::sim
