#pragma once
// Writes a world as a scenario file (format version 1), every parameter explicit, so a case
// found by exploration replays exactly from the file alone.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/world/params.hpp"

namespace syncsim::sim {

nlohmann::ordered_json scenario_json(const std::string& name, const std::string& description,
                                     const std::string& strategy, const WorldParams& p);

// A trace hash as scenario files record it ("trace_hash"): 16 lowercase hex digits.
std::string format_trace_hash(std::uint64_t hash);

}  // namespace syncsim::sim
