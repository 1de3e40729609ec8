#include "visibility_tracker.hpp"

namespace syncsim::core::plan {

std::size_t beacon_payload_bytes(const std::vector<PendingSession>& items) {
  // {"sessions":[...]} with one object of about 230 bytes per item (localId, backendId,
  // action, data{repo_owner, repo_name, pr_number, duration_seconds}, created_at, synced,
  // retryCount, lastRetryTime, lastError).
  return 14 + items.size() * 230;
}

Task<void> onPagehide(PagePorts& page, const StrategyConfig& cfg) {
  // const response = await chrome.runtime.sendMessage({ type: 'GET_BEACON_PAYLOAD' });
  std::optional<std::vector<PendingSession>> response = co_await page.get_beacon_payload();
  if (!response || response->empty()) co_return;  // payload null, or the page died first
  HttpRequest req;
  req.endpoint = Endpoint::Beacon;
  req.authorized = false;                       // sendBeacon cannot set headers
  req.absoluteUrl = cfg.beaconAbsoluteUrl;      // '/api/sync/sessions' as written
  const std::size_t bytes = beacon_payload_bytes(*response);
  req.beaconItems = std::move(*response);
  page.send_beacon(std::move(req), bytes);
}

}  // namespace syncsim::core::plan
