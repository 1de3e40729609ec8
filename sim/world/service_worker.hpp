#pragma once
// The MV3 service worker's lifecycle. It starts on an event (after a cold-start delay), runs
// the script's top level and the listener for each event as root tasks of its context, is
// terminated after 30 s without an event or extension API call, when one event runs over
// 5 min, when a fetch response takes over 30 s, or by a fault; termination destroys every
// suspended frame and the globals (the core::Extension), and storage and alarms survive.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/extension.hpp"
#include "core/task.hpp"
#include "sim/runtime/random.hpp"
#include "sim/runtime/scheduler.hpp"
#include "sim/runtime/trace.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

class Alarms;
class Browser;
class GroundTruth;
class BrowserStorage;
class Metrics;
class Network;
class WorkerPortsImpl;

enum class StopReason : std::uint16_t { Idle, HardLimit, FetchTimeout, Crash, BrowserShutdown, DeviceSleep, EndOfRun };
const char* stop_reason_name(StopReason r);

enum class WorkerEventKind : std::uint8_t { Installed, Startup, Alarm, TabRemoved, StartSession, Activity, GetBeaconPayload, Online, PageHide };

struct WorkerEvent {
  WorkerEventKind kind = WorkerEventKind::Alarm;
  std::uint32_t tab = 0;
  std::uint32_t repo = 0;
  std::int32_t pr = 0;
  std::uint64_t reply = 0;  // GetBeaconPayload: the page's reply slot
  std::uint32_t seq = 0;    // Activity, PageHide: the page's pings for its review so far (core/extension.hpp)
  Time openedAt = 0;        // PageHide: when the page loaded
};

class ServiceWorker {
 public:
  // network, storage, alarms and coreRng (Math.random()) are what its ports reach; the
  // strategy configures the core::Extension of each incarnation.
  ServiceWorker(Scheduler& sched, Trace& trace, Metrics& metrics, Network& network, BrowserStorage& storage,
                Alarms& alarms, Rng& coreRng, const BrowserParams& p, const core::StrategyConfig& strategy,
                Rng startRng);
  // The browser is built after the worker (it sends the worker events): World wires it here.
  void set_browser(Browser& browser) { browser_ = &browser; }
  // Ground truth learns which tabs a running worker heard from (the checker's excuse for a
  // review no strategy could have known of: sim/check/nothing_lost.cpp).
  void set_truth(GroundTruth& truth) { truth_ = &truth; }
  // Before judging: the running incarnation's hearings count as if it stopped now.
  void settle_running();
  ~ServiceWorker();

  void dispatch(const WorkerEvent& e);  // wakes the worker if it is stopped
  void kill(StopReason why);            // from world events only
  void touch();                         // an extension API call: resets the idle timer
  bool running() const { return state_ == State::Running; }
  bool stopped() const { return state_ == State::Stopped; }
  std::uint32_t context() const { return ctx_; }
  std::uint32_t incarnations() const { return incarnations_; }
  Time last_activity() const { return lastActivity_; }
  core::Extension* extension() { return ext_.get(); }
  // What an extension's runtime keeps from one incarnation to the next on the world's behalf
  // (sim/js/: the JS realm it resets for each incarnation); opaque here, destroyed with the
  // worker, after the last incarnation.
  std::shared_ptr<void>& runtime_state() { return runtimeState_; }

  // The browser lost the alarms (a restart that clears them; or the install, before any
  // exists): until a worker start runs the extension's code again, nothing it did put them back.
  void on_alarms_lost() { alarmsLostUnseen_ = true; }
  // Intervals [from, to] in which no code of the extension could have made it reachable: its
  // worker died in a cold start (before any of its code ran) after the browser lost the alarms,
  // with no alarm set, until the next start (to = -1: still open). Property 8 counts them as
  // unhealthy, and the heal ends an open one with the user's next browser launch (F27).
  struct Unreachable {
    Time from;
    Time to;
  };
  const std::vector<Unreachable>& unreachable() const { return unreachable_; }
  bool unreachable_now() const { return !unreachable_.empty() && unreachable_.back().to < 0; }
  // When the 5-minute rule killed a listener run that had not finished: a pass sending a
  // backlog that began before a review closed may be killed soon after it, and then waits for
  // the next alarm (property 8 counts the kills that happened; F32).
  const std::vector<Time>& hard_limit_kills() const { return hardLimitKills_; }

 private:
  enum class State : std::uint8_t { Stopped, Starting, Running };
  void run(const WorkerEvent& e);
  Task<void> handler(WorkerEvent e, std::uint64_t runKey);
  static void on_started(void* self, std::uint64_t startGen);
  static void on_idle_check(void* self, std::uint64_t incarnation);
  static void on_hard_limit(void* self, std::uint64_t incarnation);

  Scheduler& sched_;
  Trace& trace_;
  Metrics& metrics_;
  Network& network_;
  BrowserStorage& storage_;
  Alarms& alarms_;
  Rng& coreRng_;
  Rng startRng_;  // cold-start latencies: a stream of their own, so they perturb no other draw
  Browser* browser_ = nullptr;
  GroundTruth* truth_ = nullptr;
  std::vector<std::pair<std::uint32_t, Time>> heardThisLife_;  // (tab, first message) this incarnation
  void heard(std::uint32_t tab, Time at);
  void settle_heard(Time stoppedAt);
  BrowserParams p_;
  const core::StrategyConfig& strategy_;
  std::uint32_t ctx_;
  State state_ = State::Stopped;
  std::uint64_t startGen_ = 0;
  std::uint32_t incarnations_ = 0;
  std::vector<WorkerEvent> queued_;
  std::shared_ptr<void> runtimeState_;  // before ports_ and ext_: outlives both
  std::unique_ptr<WorkerPortsImpl> ports_;
  std::unique_ptr<core::Extension> ext_;
  Time lastActivity_ = 0;
  bool idleCheckPending_ = false;
  // Listener runs still going, for the 5-minute rule: start time per slot (-1: free).
  std::vector<Time> runStart_;
  std::vector<std::uint32_t> runFree_;
  bool hardCheckPending_ = false;
  bool alarmsLostUnseen_ = true;  // installed with no alarm
  std::vector<Unreachable> unreachable_;
  std::vector<Time> hardLimitKills_;
};

}  // namespace syncsim::sim
