#pragma once
// A run's row as JSON and back, losslessly: how sharded report runs hand their rows to
// `syncsim merge`, which must write exactly what one unsharded run writes.
#include <nlohmann/json.hpp>

#include "report.hpp"
#include "sim/explore/json_check.hpp"

namespace syncsim::reports {

nlohmann::json row_to_json(const RunRow& r);
// Reads a row that check_row() accepted (anything else is a programming error).
RunRow row_from_json(const nlohmann::json& j);
// Whether `j` has exactly row_to_json()'s shape: every field, of its type and range; false and
// the problem in `c` (with `ptr` in front of each pointer) otherwise.
bool check_row(sim::JsonCheck& c, const nlohmann::json& j, const std::string& ptr);

}  // namespace syncsim::reports
