#pragma once
// A run's row as JSON and back, losslessly: how sharded report runs hand their rows to
// `syncsim merge`, which must write exactly what one unsharded run writes.
#include <nlohmann/json.hpp>

#include "report.hpp"

namespace syncsim::reports {

nlohmann::json row_to_json(const RunRow& r);
RunRow row_from_json(const nlohmann::json& j);

}  // namespace syncsim::reports
