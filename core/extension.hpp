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
  // `seq`: the page's pings for its review so far, from 1. They count only while the page ran
  // (its timers freeze while the device sleeps), so seq pings are seq intervals of open, awake
  // review, however many of them a dying worker lost.
  virtual Task<void> onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) = 0;
  virtual std::vector<PendingSession> onGetBeaconPayload() = 0;  // answered synchronously from memory
  // PAGE_HIDE, sent only by a content script whose strategy says so (StrategyConfig::
  // pageHideMessage): the review is over; `openedAt` is when its page loaded, `seq` its pings.
  virtual Task<void> onPageHideMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq,
                                       Millis openedAt) {
    (void)tabId, (void)repo, (void)pr, (void)seq, (void)openedAt;
    co_return;
  }
  virtual Task<void> onOnline() = 0;                    // the window's 'online' event
};

// One worker incarnation of `cfg` (its makeExtension, or the plan's code), with its
// planted defect if it has one. `ports` must outlive it.
std::unique_ptr<Extension> make_extension(WorkerPorts& ports, const StrategyConfig& cfg);

}  // namespace syncsim::core
