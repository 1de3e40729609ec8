// Built without SYNCSIM_JS: no engine, so no ts: strategy (sim/js/js_extension.hpp).
#include "sim/js/js_extension.hpp"

namespace syncsim::sim::js {

std::unique_ptr<core::Extension> make_js_extension(core::WorkerPorts&, const core::StrategyConfig&) { return nullptr; }
bool available() { return false; }
std::uint64_t uncaught_errors() { return 0; }
std::vector<std::string> recent_uncaught_errors() { return {}; }
std::string bundle_dir() { return {}; }
std::optional<core::StrategyConfig> js_strategy(std::string_view) { return std::nullopt; }
std::optional<core::StrategyConfig> js_strategy_for_bundle(const std::string&, std::string_view) { return std::nullopt; }
std::optional<core::StrategyConfig> register_bundle(const std::string&, std::string_view) { return std::nullopt; }
std::optional<BundleRef> registered_bundle(std::string_view) { return std::nullopt; }
std::string bundle_error(const std::string&) { return "no JavaScript engine in this build (SYNCSIM_JS=OFF)"; }
std::vector<core::StrategyConfig> js_strategies() { return {}; }
std::optional<core::StrategyConfig> any_strategy(std::string_view name) { return core::strategy_by_name(name); }

}  // namespace syncsim::sim::js
