#pragma once
// content/visibility-tracker.ts: the page's pagehide listener (Approach 1's beacon).
#include "ports.hpp"
#include "strategy.hpp"

namespace syncsim::core {

// Bytes of the beacon body JSON.stringify({sessions: unsynced}) would produce (estimate).
std::size_t beacon_payload_bytes(const std::vector<PendingSession>& items);

// window.addEventListener('pagehide', async () => { ... })
Task<void> onPagehide(PagePorts& page, const StrategyConfig& cfg);

}  // namespace syncsim::core
