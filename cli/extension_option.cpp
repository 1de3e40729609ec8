// --extension PATH [--claims NAME]: a team's own bundle as the strategy of run, check and
// report (docs/your-extension.md). The bundle is registered under "js:<file name>", the name the
// output, the out directory and the replay files use; the replay file also records the path,
// its fingerprint and the claims (sim/explore/found_case.hpp).
#include <iostream>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "sim/explore/found_case.hpp"
#include "sim/js/js_extension.hpp"

namespace syncsim::cli {

std::optional<std::string> use_extension(const std::string& path, const std::string& claims) {
  if (!sim::js::available()) {
    std::cerr << "syncsim: --extension: this syncsim was built without SYNCSIM_JS (no JavaScript engine)\n";
    return std::nullopt;
  }
  if (!core::strategy_by_name(claims)) {
    std::cerr << "syncsim: --claims: expected baseline, approach1, approach2 or hardened, found '" << claims << "'\n";
    return std::nullopt;
  }
  if (!sim::bundle_fingerprint(path)) {
    std::cerr << "syncsim: --extension: " << path << ": expected a readable JavaScript bundle, found no such file\n";
    return std::nullopt;
  }
  if (const std::string error = sim::js::bundle_error(path); !error.empty()) {
    std::cerr << "syncsim: --extension: " << path << ": expected a JavaScript bundle that compiles, found: " << error << "\n";
    return std::nullopt;
  }
  const auto s = sim::js::register_bundle(path, claims);
  if (!s) return std::nullopt;
  return std::string(s->name);
}

}  // namespace syncsim::cli
