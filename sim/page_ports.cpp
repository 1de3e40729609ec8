#include "page_ports.hpp"

#include "world.hpp"

namespace syncsim::sim {

Task<std::optional<std::vector<core::PendingSession>>> PagePortsImpl::get_beacon_payload() {
  co_return co_await w_.browser.request_beacon_payload(tab_);
}

bool PagePortsImpl::send_beacon(core::HttpRequest req, std::size_t bytes) {
  return w_.browser.send_beacon(tab_, std::move(req), bytes);
}

}  // namespace syncsim::sim
