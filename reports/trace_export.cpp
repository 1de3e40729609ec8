#include "trace_export.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "core/log_code.hpp"
#include "sim/world/faults.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"

namespace syncsim::reports {

using sim::TraceKind;
using nlohmann::json;

namespace {
const char* handler_name(std::uint16_t k) {
  static constexpr const char* names[] = {"onInstalled", "onStartup", "onAlarm", "tabs.onRemoved",
                                          "START_SESSION", "ACTIVITY", "GET_BEACON_PAYLOAD", "online"};
  return k < 8 ? names[k] : "unknown";
}
const char* storage_key_name(std::uint16_t k) {
  static constexpr const char* names[] = {"session", "pendingSessions", "failedSyncItems", "pendingActivities", "auth", "activeSessions"};
  return k < 6 ? names[k] : "unknown";
}
const char* fetch_done_name(std::uint16_t k) {
  static constexpr const char* names[] = {"ok", "network_error", "client_timeout", "dropped"};
  return k < 4 ? names[k] : "unknown";
}
const char* beacon_name(std::uint16_t k) {
  static constexpr const char* names[] = {"sent", "refused_over_limit", "wrong_origin"};
  return k < 3 ? names[k] : "unknown";
}

enum Track : int { kWorker = 1, kNetwork, kStorage, kBackend, kBrowser, kAlarms, kFaults, kCore };
int track_of(TraceKind k) {
  switch (k) {
    case TraceKind::WorkerStart:
    case TraceKind::WorkerStop:
    case TraceKind::HandlerStart: return kWorker;
    case TraceKind::FetchSend:
    case TraceKind::FetchDone: return kNetwork;
    case TraceKind::StorageGet:
    case TraceKind::StorageSet:
    case TraceKind::StorageSetLost: return kStorage;
    case TraceKind::ServerHandled: return kBackend;
    case TraceKind::AlarmCreate:
    case TraceKind::AlarmFire: return kAlarms;
    case TraceKind::Fault:
    case TraceKind::Heal: return kFaults;
    case TraceKind::Core: return kCore;
    default: return kBrowser;
  }
}
}  // namespace

std::string detail_name(const sim::TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::WorkerStop: return sim::stop_reason_name(static_cast<sim::StopReason>(r.detail));
    case TraceKind::HandlerStart: return handler_name(r.detail);
    case TraceKind::StorageGet:
    case TraceKind::StorageSet:
    case TraceKind::StorageSetLost: return storage_key_name(r.detail);
    case TraceKind::FetchSend:
    case TraceKind::ServerHandled: return core::endpoint_name(static_cast<core::Endpoint>(r.detail));
    case TraceKind::FetchDone: return fetch_done_name(r.detail);
    case TraceKind::Beacon: return beacon_name(r.detail);
    case TraceKind::Fault: return std::string(sim::fault_kind_name(static_cast<sim::FaultKind>(r.detail)));
    case TraceKind::Core: return core::log_code_name(static_cast<core::LogCode>(r.detail));
    case TraceKind::TabClose: return r.detail == 0 ? "user_closed" : r.detail == 1 ? "browser_killed" : "browser_quit";
    default: return std::to_string(r.detail);
  }
}

void write_jsonl(std::ostream& out, const sim::Trace& trace) {
  for (const auto& r : trace.records()) {
    json j{{"t", r.at}, {"kind", std::string(sim::trace_kind_name(r.kind))}, {"detail", detail_name(r)}, {"a", r.a}, {"b", r.b}};
    out << j.dump() << '\n';
  }
}

void write_chrome_trace(std::ostream& out, const sim::Trace& trace, sim::Time end) {
  json events = json::array();
  const char* trackNames[] = {"", "service worker", "network", "storage.local", "backend", "browser", "alarms", "faults", "sync core"};
  for (int t = kWorker; t <= kCore; ++t)
    events.push_back(json{{"ph", "M"}, {"pid", 1}, {"tid", t}, {"name", "thread_name"}, {"args", {{"name", trackNames[t]}}}});
  events.push_back(json{{"ph", "M"}, {"pid", 1}, {"name", "process_name"}, {"args", {{"name", "syncsim"}}}});
  bool workerOpen = false;
  std::set<std::uint32_t> openRequests;
  auto us = [](sim::Time ms) { return ms * 1000; };
  for (const auto& r : trace.records()) {
    const int tid = track_of(r.kind);
    const std::string name = std::string(sim::trace_kind_name(r.kind));
    json args{{"detail", detail_name(r)}, {"a", r.a}, {"b", r.b}};
    switch (r.kind) {
      case TraceKind::WorkerStart:
        events.push_back(json{{"ph", "B"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"name", "worker #" + std::to_string(r.a)}, {"args", args}});
        workerOpen = true;
        break;
      case TraceKind::WorkerStop:
        if (workerOpen) events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"args", args}});
        workerOpen = false;
        break;
      case TraceKind::FetchSend:
        openRequests.insert(r.a);
        events.push_back(json{{"ph", "b"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", "request"}, {"id", r.a},
                              {"name", detail_name(r)}, {"args", args}});
        break;
      case TraceKind::FetchDone:
        if (openRequests.erase(r.a))
          events.push_back(json{{"ph", "e"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", "request"}, {"id", r.a},
                                {"name", "request"}, {"args", args}});
        else
          events.push_back(json{{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"name", name}, {"args", args}});
        break;
      case TraceKind::Fault:
        if (r.b > 0)
          events.push_back(json{{"ph", "X"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"dur", us(r.b)}, {"name", detail_name(r)}, {"args", args}});
        else
          events.push_back(json{{"ph", "i"}, {"s", "g"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"name", detail_name(r)}, {"args", args}});
        break;
      default:
        events.push_back(json{{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)},
                              {"name", r.kind == TraceKind::Core ? detail_name(r) : name}, {"args", args}});
        break;
    }
  }
  if (workerOpen) events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", kWorker}, {"ts", us(end)}});
  for (std::uint32_t id : openRequests)
    events.push_back(json{{"ph", "e"}, {"pid", 1}, {"tid", kNetwork}, {"ts", us(end)}, {"cat", "request"}, {"id", id}, {"name", "request"}});
  out << json{{"traceEvents", events}, {"displayTimeUnit", "ms"}}.dump() << '\n';
}

}  // namespace syncsim::reports
