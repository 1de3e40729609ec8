#pragma once
// core::PagePorts for one tab's content script.
#include "core/ports.hpp"

namespace syncsim::sim {

class Browser;

class PagePortsImpl final : public core::PagePorts {
 public:
  PagePortsImpl(Browser& browser, std::uint32_t tab) : browser_(browser), tab_(tab) {}
  Task<std::optional<std::vector<core::PendingSession>>> get_beacon_payload() override;
  bool send_beacon(core::HttpRequest req, std::size_t bytes) override;

 private:
  Browser& browser_;
  std::uint32_t tab_;
};

}  // namespace syncsim::sim
