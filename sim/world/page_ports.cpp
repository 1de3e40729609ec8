#include "sim/world/page_ports.hpp"

#include "sim/world/browser.hpp"

namespace syncsim::sim {

Task<std::optional<std::vector<core::PendingSession>>> PagePortsImpl::get_beacon_payload() {
  co_return co_await browser_.request_beacon_payload(tab_);
}

bool PagePortsImpl::send_beacon(core::HttpRequest req, std::size_t bytes) {
  return browser_.send_beacon(tab_, std::move(req), bytes);
}

}  // namespace syncsim::sim
