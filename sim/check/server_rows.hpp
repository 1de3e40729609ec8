#pragma once
// The server's table as properties 1, 3 and 4 read it: this browser's rows (a fleet's other
// browsers' rows left out), and per local session how many rows it has and whether one is
// completed. Computed once per check: in a fleet the table holds every browser's rows.
#include <cstdint>
#include <vector>

#include "sim/world/backend.hpp"

namespace syncsim::sim {

class World;

struct ServerRows {
  std::vector<const ServerSession*> own;  // this browser's rows, in table order
  std::vector<std::uint32_t> count;       // by localId; rows of no local session not counted
  std::vector<std::uint8_t> completed;    // by localId: one of its rows is completed
};

ServerRows server_rows(const World& w);

}  // namespace syncsim::sim
