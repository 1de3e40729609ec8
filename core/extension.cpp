#include "extension.hpp"

#include "hardened/background.hpp"
#include "plan/background.hpp"

namespace syncsim::core {

std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg) {
  switch (cfg.implementation) {
    case Implementation::Hardened: return std::make_unique<hardened::Background>(ports, cfg);
    case Implementation::Plan: break;
  }
  return std::make_unique<plan::Background>(ports, cfg);
}

}  // namespace syncsim::core
