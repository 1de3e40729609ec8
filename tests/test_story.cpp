// The conformance probe's own story, event by event: the worker's life that real Chromium
// showed (tests/conformance/results/story.json, recorded by tests/conformance/scenarios/story.mjs)
// against the same story replayed in the simulated world with the default model
// (sim/world/params.hpp). The story: launch (install) -> a tab opens and its page messages the
// worker, which creates an alarm due 35 s later -> idle stop -> the alarm wakes the worker ->
// idle stop -> the tab is closed (tabs.onRemoved wakes it) -> idle stop -> the browser is killed
// and relaunched -> idle stop. No browser is needed: this runs in the normal suite.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/extension.hpp"
#include "sim/world/world.hpp"

using namespace syncsim;
using namespace syncsim::sim;
using nlohmann::json;

namespace {

// The tolerance on each event's time (ms from the story's start). The simulated story places
// every action (tab open, tab close, kill, relaunch) at its measured time, so a model error
// does not add up along the story: each compared time is at most two model steps (a latency
// and the 30 s idle timeout) from an action. docs/conformance.md's measured spreads of those
// steps: idle timeout 30002-30017 ms, cold start 36-48, alarm cold lateness 39-53, onRemoved
// wake 68-84; the model is within 8 ms of every median. 100 ms is about six times the widest
// of these spreads, and still rejects a model whose idle timeout, onRemoved delay or cold
// start is off by a tenth of a second. The committed run differs by 50 ms at most; one run on
// a saturated machine reached 162 ms and would fail (docs/conformance.md, "The probe's story").
constexpr Time kToleranceMs = 100;

struct Event {
  std::string kind;  // worker_start, worker_stop, listener
  std::string what;  // the listener, or the stop's reason
  Time at = 0;
  std::string text() const {
    const std::string k = kind == "worker_start" ? "start" : kind == "worker_stop" ? "stop" : "";
    return k.empty() ? what : what.empty() ? k : k + " " + what;
  }
};

struct Story {
  json doc;
  Time messageSentAt = 0, alarmDelayMs = 0, tabCloseAt = 0, killAt = 0, relaunchAt = 0;
  std::vector<Event> events;  // the real browser's, in the simulator's vocabulary
};

Time action_at(const json& doc, const char* kind) {
  for (const auto& a : doc.at("actions"))
    if (a.at("kind") == kind) return a.at("at").get<Time>();
  FAIL("story.json: no action '" << kind << "' in /actions");
  return 0;
}

Story load_story() {
  std::ifstream in(SYNCSIM_STORY_FILE);
  REQUIRE(in);
  Story s;
  s.doc = json::parse(in);
  s.messageSentAt = action_at(s.doc, "message_sent");
  s.tabCloseAt = action_at(s.doc, "tab_close");
  s.killAt = action_at(s.doc, "browser_kill");
  s.relaunchAt = action_at(s.doc, "relaunch");
  for (const auto& a : s.doc.at("actions"))
    if (a.at("kind") == "message_sent") s.alarmDelayMs = a.at("alarm_delay_ms").get<Time>();
  for (const auto& e : s.doc.at("events")) {
    Event ev{e.at("kind").get<std::string>(), "", e.at("at").get<Time>()};
    if (ev.kind == "worker_stop") {
      ev.what = e.at("reason").get<std::string>();
      if (ev.what == "browser_kill") ev.what = stop_reason_name(StopReason::BrowserShutdown);
    }
    if (ev.kind == "listener") {
      ev.what = e.at("listener").get<std::string>();
      // Chromium re-installs an unpacked extension at every launch (docs/conformance.md,
      // "differs, explained"): after the relaunch it fires onInstalled with reason "install"
      // where an installed extension, and the model, get onStartup. Mapped here, explicitly.
      if (ev.what == "installed" && ev.at > s.relaunchAt) {
        CHECK(e.at("reason") == "install");
        ev.what = "startup";
      }
    }
    s.events.push_back(ev);
  }
  return s;
}

// The probe's worker.js as a core::Extension: the same extension API calls, so the same
// things reset the idle timer. Its reports go out by fetch, which resets nothing in Chromium
// (resets.fetch, measured) or in the model, so they are left out; so is the alarms.get right
// after alarms.create (one more API call within a millisecond).
class Probe final : public core::Extension {
 public:
  Probe(core::WorkerPorts& ports, Time alarmDelayMs) : ports_(ports), alarmDelayMs_(alarmDelayMs) {}
  Task<void> main() override { co_return; }
  Task<void> onInstalled() override { co_return; }
  Task<void> onStartup() override { co_return; }
  Task<void> onAlarm(core::AlarmName) override { co_return; }
  Task<void> onTabRemoved(std::uint32_t) override { co_await ports_.set_active_sessions({}); }  // storage.local.set
  // The tab's page's message: the probe's alarm_create command.
  Task<void> onStartSessionMessage(std::uint32_t, std::uint32_t, std::int32_t) override {
    co_await ports_.alarms_create(core::AlarmName::Sync, alarmDelayMs_, 0);
  }
  Task<void> onActivityMessage(std::uint32_t, std::uint32_t, std::int32_t, std::uint32_t) override { co_return; }
  std::vector<core::PendingSession> onGetBeaconPayload() override { return {}; }
  Task<void> onOnline() override { co_return; }

 private:
  core::WorkerPorts& ports_;
  Time alarmDelayMs_;
};

Time gProbeAlarmDelayMs = 0;  // the factory is a plain function pointer
std::unique_ptr<core::Extension> make_probe(core::WorkerPorts& ports, const core::StrategyConfig&) {
  return std::make_unique<Probe>(ports, gProbeAlarmDelayMs);
}

const char* listener_name(std::uint16_t kind) {
  switch (static_cast<WorkerEventKind>(kind)) {
    case WorkerEventKind::Installed: return "installed";
    case WorkerEventKind::Startup: return "startup";
    case WorkerEventKind::Alarm: return "alarm";
    case WorkerEventKind::TabRemoved: return "tab_removed";
    case WorkerEventKind::StartSession: return "message";
    case WorkerEventKind::Activity: return "activity";
    case WorkerEventKind::GetBeaconPayload: return "get_beacon_payload";
    case WorkerEventKind::Online: return "online";
    case WorkerEventKind::PageHide: return "page_hide";
  }
  return "unknown";
}

// The story as a world: the measured actions at their measured times.
std::vector<Event> replay(const Story& s, const BrowserParams& model) {
  const auto first_start = [&](bool afterRelaunch) {
    for (const auto& e : s.events)
      if (e.kind == "worker_start" && (e.at > s.relaunchAt) == afterRelaunch) return e.at;
    FAIL("story.json: no worker_start " << (afterRelaunch ? "after" : "before") << " the relaunch");
    return Time{0};
  };
  WorldParams p;
  p.browser = model;
  p.sampleSeries = false;
  p.user.activityIntervalMs = kDay;  // the probe's content script sends no activity messages
  // The model has no browser start-up time (Chromium: about a second to start the process and
  // load the extension), so a launch is placed where the measured worker start says the browser
  // was up, one cold start before it. The two starts at launch agree by construction; what
  // follows them (listeners, idle stops) is the evidence. The model draws its cold start from a
  // range: the placement uses the range's middle, so the anchors agree within half its width.
  const Time coldStart = (model.workerStartMinMs + model.workerStartMaxMs) / 2;
  p.installAtMs = first_start(false) - coldStart;
  // The tab's page sends its message as it opens (the model's content script: messageLatencyMs).
  p.sessions = std::vector<PlannedSession>{{1, s.messageSentAt, s.tabCloseAt, 1, 1}};
  // SIGKILL, relaunched on the same profile. Chromium dropped the unpacked extension's alarms
  // (docs/conformance.md): the measured condition is alarms_lost.
  Fault kill;
  kill.kind = FaultKind::BrowserRestart;
  kill.at = s.killAt;
  kill.duration = first_start(true) - coldStart - s.killAt;
  kill.alarmsLost = true;
  p.faults = {kill};
  const Time end = s.events.back().at + kMinute;  // long enough for one more idle stop
  p.durationMs = end;

  gProbeAlarmDelayMs = s.alarmDelayMs;
  core::StrategyConfig probe;
  probe.name = "conformance-probe";
  probe.makeExtension = &make_probe;
  World w(p, probe, true);
  w.start();
  w.sched.run_until(end);

  std::vector<Event> out;
  for (const auto& r : w.trace.records()) {
    if (r.kind == TraceKind::WorkerStart) out.push_back({"worker_start", "", r.at});
    if (r.kind == TraceKind::WorkerStop) out.push_back({"worker_stop", stop_reason_name(static_cast<StopReason>(r.detail)), r.at});
    if (r.kind == TraceKind::HandlerStart) out.push_back({"listener", listener_name(r.detail), r.at});
  }
  return out;
}

// Event by event: the same sequence of kinds, each time within kToleranceMs. Returns the
// number of disagreements and a table of both sides.
int compare(const std::vector<Event>& real, const std::vector<Event>& simulated, std::string& table) {
  int bad = 0;
  const std::size_t n = std::max(real.size(), simulated.size());
  table = fmt::format("{:>2} {:<12} {:>6} | {:<12} {:>6} {:>5}\n", "#", "Chromium", "at ms", "model", "at ms", "diff");
  for (std::size_t i = 0; i < n; ++i) {
    const Event* a = i < real.size() ? &real[i] : nullptr;
    const Event* b = i < simulated.size() ? &simulated[i] : nullptr;
    const bool same = a && b && a->kind == b->kind && a->what == b->what;
    const Time diff = a && b ? b->at - a->at : 0;
    const bool ok = same && std::abs(diff) <= kToleranceMs;
    bad += ok ? 0 : 1;
    table += fmt::format("{:>2} {:<12} {:>6} | {:<12} {:>6} {:>5} {}\n", i, a ? a->text() : "-", a ? a->at : 0,
                         b ? b->text() : "-", b ? b->at : 0, diff, ok ? "" : "<-");
  }
  return bad;
}

}  // namespace

TEST_CASE("the probe's story in Chromium and in the model: the same worker life, event by event", "[world][story]") {
  const Story s = load_story();
  const std::vector<Event> simulated = replay(s, BrowserParams{});
  std::string table;
  const int bad = compare(s.events, simulated, table);
  INFO("story.json measured with " << s.doc.value("chromium", "?") << " on " << s.doc.value("date", "?") << "; tolerance "
                                   << kToleranceMs << " ms\n" << table);
  CHECK(s.events.size() >= 12);  // the whole story: four lives, their listeners and stops
  CHECK(bad == 0);
}

TEST_CASE("the story comparison rejects a model that differs from the measured browser", "[world][story]") {
  const Story s = load_story();
  std::string table;
  BrowserParams idle20;
  idle20.idleTimeoutMs = 20 * kSecond;
  CHECK(compare(s.events, replay(s, idle20), table) > 0);
  BrowserParams slowRemoved;
  slowRemoved.tabRemovedDelayMinMs += 2 * kToleranceMs;
  slowRemoved.tabRemovedDelayMaxMs += 2 * kToleranceMs;
  CHECK(compare(s.events, replay(s, slowRemoved), table) > 0);
  BrowserParams slowStart;
  slowStart.workerStartMinMs += 2 * kToleranceMs;
  slowStart.workerStartMaxMs += 2 * kToleranceMs;
  CHECK(compare(s.events, replay(s, slowStart), table) > 0);
  BrowserParams idle40;  // the message's life outlives the alarm: one life fewer
  idle40.idleTimeoutMs = 40 * kSecond;
  CHECK(compare(s.events, replay(s, idle40), table) > 0);
}
