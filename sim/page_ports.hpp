#pragma once
// core::PagePorts for one tab's content script.
#include "core/ports.hpp"

namespace syncsim::sim {

class World;

class PagePortsImpl final : public core::PagePorts {
 public:
  PagePortsImpl(World& w, std::uint32_t tab) : w_(w), tab_(tab) {}
  Task<std::optional<std::vector<core::PendingSession>>> get_beacon_payload() override;
  bool send_beacon(core::HttpRequest req, std::size_t bytes) override;

 private:
  World& w_;
  std::uint32_t tab_;
};

}  // namespace syncsim::sim
