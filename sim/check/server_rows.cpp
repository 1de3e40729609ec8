#include "sim/check/server_rows.hpp"

#include "sim/world/world.hpp"

namespace syncsim::sim {

ServerRows server_rows(const World& w) {
  const auto& truth = w.truth.sessions();
  ServerRows out;
  out.count.assign(truth.size(), 0);
  out.completed.assign(truth.size(), 0);
  for (const ServerSession& r : w.backend.sessions()) {
    if (r.client != w.client) continue;  // another browser's row (fleet mode)
    out.own.push_back(&r);
    const bool owned = r.owner < truth.size() && truth[r.owner].exists;
    if (!owned) continue;
    ++out.count[r.owner];
    if (r.status == ServerStatus::Completed) out.completed[r.owner] = 1;
  }
  return out;
}

}  // namespace syncsim::sim
