#include "extension.hpp"

#include "plan/background.hpp"

namespace syncsim::core {

std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg) {
  if (cfg.makeExtension) return cfg.makeExtension(ports, cfg);
  return plan::make_extension(ports, cfg);
}

}  // namespace syncsim::core
