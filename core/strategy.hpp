#pragma once
// The four strategies by name. approach2 is the plan as written (core/plan/); baseline and
// approach1 are the same code with the settings the plan says they differ in; hardened is
// its own implementation (core/hardened/). The retry policy and dead-letter capacity are
// also each strategy's claims, which the checker holds it to.
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "mutation.hpp"
#include "retry_policy.hpp"
#include "types.hpp"

namespace syncsim::core {

class Extension;
class WorkerPorts;
struct StrategyConfig;
// Builds one worker incarnation of a strategy (core/extension.hpp).
using ExtensionFactory = std::unique_ptr<Extension> (*)(WorkerPorts& ports, const StrategyConfig& cfg);

struct StrategyConfig {
  std::string_view name;
  ExtensionFactory makeExtension = nullptr;  // nullptr: the plan's code (core/plan/)
  std::string_view extensionBundle;          // the JS bundle an ExtensionFactory runs (sim/js/)
  Millis alarmPeriodMs = 60000;          // SYNC_INTERVAL_MINUTES
  // The plan's settings: what baseline and approach1 change in the plan's code.
  bool endQueuesWithoutBackendId = true; // false = baseline: endSession queues only with a backendId
  bool immediateSyncOnEnd = false;       // approach2: endSession awaits trySyncSessionsImmediate
  bool beaconOnPagehide = false;         // approach1: content script sends a beacon on pagehide
  bool beaconAbsoluteUrl = false;        // the plan's '/api/sync/sessions' is relative
  bool pageHideMessage = false;          // hardened: the content script sends PAGE_HIDE on pagehide (F26)
  bool syncOnOnlineEvent = false;        // "Online event triggers queued sync"
  RetryConfig retry;
  int deadLetterCapacity = 50;           // MAX_FAILED_ITEMS
  bool unlimitedStorage = false;         // the manifest asks for "unlimitedStorage": no storage.local quota
  // The backend must honour Idempotency-Key (a lost start response otherwise makes a second row,
  // F2): swarms judge the strategy against such backends unless told otherwise.
  bool needsIdempotencyKey = false;
  // The world cannot trust the extension to say which review a request is about (a JS bundle):
  // it attributes requests to reviews from what they carry, and builds the retry ledger from
  // the requests (sim/world/attribution.hpp), not from the extension's tags and log records.
  bool attributeByRequests = false;

  Mutation mutation = Mutation::None;    // a planted defect (core/mutation.hpp), tests only
};

// baseline, approach1, approach2, hardened.
std::span<const StrategyConfig> all_strategies();
std::optional<StrategyConfig> strategy_by_name(std::string_view name);

}  // namespace syncsim::core
