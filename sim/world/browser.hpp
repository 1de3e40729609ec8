#pragma once
// The browser around the worker: tabs and their content scripts (a context per page, torn
// down shortly after pagehide), runtime messages between page and worker, sendBeacon, the
// network's online state as the page and worker see it, device sleep, and browser shutdown
// and restart.
#include <coroutine>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/ports.hpp"
#include "core/strategy.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class Alarms;
class GroundTruth;
class Metrics;
class Network;
class ServiceWorker;

struct Tab {
  bool open = false;
  std::uint32_t pageCtx = 0;
  std::uint32_t repo = 0;
  std::int32_t pr = 0;
  std::uint32_t pings = 0;  // ACTIVITY pings the page sent: its timer ticks only while it runs
  Time openedAt = 0;
};

class Browser {
 public:
  // `truth` learns when tabs really open and close; `activityIntervalMs`: how often a content
  // script pings the worker while its tab is open.
  Browser(Scheduler& sched, Trace& trace, Metrics& metrics, GroundTruth& truth, Network& network, Alarms& alarms,
          ServiceWorker& worker, const core::StrategyConfig& strategy, const BrowserParams& p, Time activityIntervalMs,
          Rng removedRng);

  // User actions.
  void open_tab(std::uint32_t tab, std::uint32_t repo, std::int32_t pr);
  void close_tab(std::uint32_t tab);
  bool tab_open(std::uint32_t tab) const { return tab < tabs_.size() && tabs_[tab].open; }
  const Tab& tab(std::uint32_t t) const { return tabs_[t]; }

  // Faults and world state.
  void set_online(bool online);
  void sleep(Time duration);
  void shutdown(Time downFor, bool alarmsLost);  // a kill: tabs gone with no pagehide or onRemoved
  // A graceful close: pagehide per tab, and tabs.onRemoved too if the worker is running (a
  // stopped worker is not woken for them), then shutdown after the grace period.
  void quit(Time downFor);
  Time quit_grace() const { return p_.quitGraceMs; }
  bool available() const { return !sleeping_ && !down_; }
  Time available_at() const { return availableAt_; }  // when a sleeping/closed browser returns
  // The user's next launch of the browser: a close with no tab open and a start at once
  // (onStartup). The heal gives it to an extension left unreachable (World::heal, F27).
  void relaunch();
  void heal();

  // Page <-> worker messaging (used by the page ports and the worker).
  struct ReplyAwaiter {
    Browser* b;
    std::uint32_t tab;
    std::optional<std::vector<core::PendingSession>> result;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    std::optional<std::vector<core::PendingSession>> await_resume() { return std::move(result); }
  };
  ReplyAwaiter request_beacon_payload(std::uint32_t tab) { return ReplyAwaiter{this, tab, std::nullopt}; }
  void reply_beacon_payload(std::uint64_t replyKey, std::vector<core::PendingSession> payload);
  bool send_beacon(std::uint32_t tab, core::HttpRequest req, std::size_t bytes);

  std::size_t open_tabs() const { return openTabs_; }

 private:
  struct Reply {
    std::coroutine_handle<> h;
    ContextRef ctx;
    std::optional<std::vector<core::PendingSession>>* out = nullptr;
    std::vector<core::PendingSession> payload;
    std::uint32_t gen = 0;
    std::uint32_t tab = 0;
    bool busy = false;
  };
  static void on_start_session_message(void* self, std::uint64_t tab);
  static void on_tab_removed_message(void* self, std::uint64_t tab);
  static void on_payload_request(void* self, std::uint64_t replyKey);
  static void on_activity(void* self, std::uint64_t tabAndGen);
  static void on_page_hide_message(void* self, std::uint64_t tab);
  static void on_teardown(void* self, std::uint64_t tab);
  static void on_deliver_reply(void* self, std::uint64_t key);
  static void on_wake(void* self, std::uint64_t gen);
  static void on_restart(void* self, std::uint64_t gen);
  static void on_quit_exit(void* self, std::uint64_t gen);
  enum class TabEnd : std::uint8_t { UserClose, BrowserKill, BrowserQuit };  // trace: 0, 1, 2
  void end_tab(std::uint32_t tab, TabEnd how);

  Scheduler& sched_;
  Trace& trace_;
  Metrics& metrics_;
  GroundTruth& truth_;
  Network& network_;
  Alarms& alarms_;
  ServiceWorker& worker_;
  const core::StrategyConfig& strategy_;
  BrowserParams p_;
  Time activityIntervalMs_;
  Rng removedRng_;  // onRemoved delays: a stream of their own
  std::vector<Tab> tabs_;
  std::vector<std::uint32_t> activityGen_;
  std::vector<Reply> replies_;
  std::size_t openTabs_ = 0;
  bool sleeping_ = false;
  bool down_ = false;
  bool alarmsLostOnRestart_ = false;
  Time quitDownFor_ = 0;
  Time availableAt_ = 0;
  std::uint32_t outageGen_ = 0;
};

}  // namespace syncsim::sim
