#pragma once
// content/visibility-tracker.ts: the page's pagehide listener (Approach 1's beacon).
#include "core/ports.hpp"
#include "core/strategy.hpp"

namespace syncsim::core::plan {

// Bytes of the beacon body JSON.stringify({sessions: unsynced}) would produce (estimate).
std::size_t beacon_payload_bytes(const std::vector<PendingSession>& items);

// window.addEventListener('pagehide', async () => { ... })
Task<void> onPagehide(PagePorts& page, const StrategyConfig& cfg);

}  // namespace syncsim::core::plan
