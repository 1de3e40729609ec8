#pragma once
// The one interface the simulated world drives an extension through: listeners in (the
// events Chrome dispatches to the service worker), ports out (core/ports.hpp). One Extension
// object is one worker incarnation: the world builds a new one whenever the worker starts,
// exactly as Chrome re-runs the script, and destroys it (with every suspended listener) when
// the worker is terminated.
#include <memory>
#include <vector>

#include "ports.hpp"
#include "strategy.hpp"

namespace syncsim::core {

class Extension {
 public:
  virtual ~Extension() = default;

  // The script's top level, run on every start before the listener of the waking event.
  virtual Task<void> main() = 0;

  virtual Task<void> onInstalled() = 0;                 // chrome.runtime.onInstalled
  virtual Task<void> onStartup() = 0;                   // chrome.runtime.onStartup
  virtual Task<void> onAlarm(AlarmName name) = 0;       // chrome.alarms.onAlarm
  virtual Task<void> onTabRemoved(std::uint32_t tabId) = 0;  // chrome.tabs.onRemoved
  // chrome.runtime.onMessage, by message type
  virtual Task<void> onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) = 0;
  virtual Task<void> onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) = 0;
  virtual std::vector<PendingSession> onGetBeaconPayload() = 0;  // answered synchronously from memory
  virtual Task<void> onOnline() = 0;                    // the window's 'online' event
};

// One worker incarnation of `cfg` (its makeExtension, or the plan's code), with its
// planted defect if it has one. `ports` must outlive it.
std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg);

}  // namespace syncsim::core
