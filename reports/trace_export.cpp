#include "trace_export.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "core/log_code.hpp"
#include "sim/world/faults.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"
#include "sim/world/trace_names.hpp"

namespace syncsim::reports {

using sim::TraceKind;
using sim::detail_name;
using nlohmann::json;

namespace {
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

void write_jsonl(std::ostream& out, const sim::Trace& trace) {
  for (const auto& r : trace.records()) {
    json j{{"t", r.at}, {"kind", std::string(sim::trace_kind_name(r.kind))}, {"detail", detail_name(r)}, {"a", r.a}, {"b", r.b}};
    out << j.dump() << '\n';
  }
}

namespace {

// Named arguments of a record: what `a`, `b` and `detail` mean for its kind.
json named_args(const sim::TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::WorkerStart: return {{"incarnation", r.a}};
    case TraceKind::WorkerStop: return {{"incarnation", r.a}, {"reason", detail_name(r)}};
    case TraceKind::HandlerStart: {
      json j{{"handler", detail_name(r)}};
      if (r.a) j["session"] = r.a;
      return j;
    }
    case TraceKind::StorageGet: return {{"key", detail_name(r)}};
    case TraceKind::StorageSet:
    case TraceKind::StorageSetLost: {
      json j{{"key", detail_name(r)}};
      if (r.kind == TraceKind::StorageSet) j["bytesAfter"] = r.b;
      if (r.subject) j["session"] = r.subject;
      if (r.removal) j["removal"] = true;
      return j;
    }
    case TraceKind::FetchSend: return {{"endpoint", detail_name(r)}, {"session", r.b}};
    case TraceKind::FetchDone: return {{"outcome", detail_name(r)}, {"status", r.b}};
    case TraceKind::ServerHandled: return {{"endpoint", detail_name(r)}, {"status", r.b & 0xffff}, {"backendId", r.b >> 16}};
    case TraceKind::AlarmCreate: return {{"periodMs", r.a}, {"firstFireMs", r.b}};
    case TraceKind::AlarmFire: return {{"scheduledMs", r.b}};
    case TraceKind::TabOpen:
    case TraceKind::PageHide:
    case TraceKind::MessageLost: return {{"tab", r.a}, {"session", r.a}};
    case TraceKind::TabClose: return {{"tab", r.a}, {"session", r.a}, {"how", detail_name(r)}};
    case TraceKind::Beacon: return {{"tab", r.a}, {"session", r.a}, {"outcome", detail_name(r)}, {"bytes", r.b}};
    case TraceKind::Fault: return {{"kind", detail_name(r)}, {"durationMs", r.b}};
    case TraceKind::Core: {
      json j{{"step", detail_name(r)}};
      if (r.a) j["session"] = r.a;
      switch (static_cast<core::LogCode>(r.detail)) {
        case core::LogCode::SyncAttempt:
          j["action"] = (r.b & 1) ? "end" : "start";
          j["retryCount"] = r.b / 2;
          break;
        case core::LogCode::SyncFailed: {
          const auto f = core::decode_failure(r.b);
          j["action"] = f.endAction ? "end" : "start";
          j["status"] = f.status;
          j["retryAfterMs"] = f.retryAfterMs;
          break;
        }
        case core::LogCode::SyncOk: j["backendId"] = r.b; break;
        case core::LogCode::SessionEnded: j["durationSeconds"] = r.b; break;
        case core::LogCode::DeadLettered: j["action"] = r.b ? "end" : "start"; break;
        default: j["value"] = r.b; break;
      }
      return j;
    }
    default: return json::object();
  }
}

const char* category_of(int track) {
  static constexpr const char* names[] = {"", "worker", "network", "storage", "backend", "browser", "alarms", "faults", "core"};
  return track >= kWorker && track <= kCore ? names[track] : "session";
}

// The session a record belongs to (its own track), 0 for the world's records.
std::uint32_t session_of(const sim::TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::TabOpen:
    case TraceKind::TabClose:
    case TraceKind::PageHide:
    case TraceKind::MessageLost:
    case TraceKind::Beacon: return r.a;
    case TraceKind::Core: return r.a;
    case TraceKind::StorageSet:
    case TraceKind::StorageSetLost: return r.subject;
    default: return 0;
  }
}

constexpr int kSessionTrackBase = 1000;  // tid of session N's track: kSessionTrackBase + N

}  // namespace

void write_chrome_trace(std::ostream& out, const sim::Trace& trace, sim::Time end, const TraceMeta& meta) {
  json events = json::array();
  const char* trackNames[] = {"", "service worker", "network", "storage.local", "backend", "browser", "alarms", "faults", "sync core"};
  const std::string process = meta.scenario.empty() ? "syncsim"
                                                    : fmt::format("syncsim: {} / {} / seed {}", meta.scenario, meta.strategy, meta.seed);
  events.push_back(json{{"ph", "M"}, {"pid", 1}, {"name", "process_name"}, {"args", {{"name", process}}}});
  for (int t = kWorker; t <= kCore; ++t) {
    events.push_back(json{{"ph", "M"}, {"pid", 1}, {"tid", t}, {"name", "thread_name"}, {"args", {{"name", trackNames[t]}}}});
    events.push_back(json{{"ph", "M"}, {"pid", 1}, {"tid", t}, {"name", "thread_sort_index"}, {"args", {{"sort_index", t}}}});
  }
  auto us = [](sim::Time ms) { return ms * 1000; };
  bool workerOpen = false;
  std::uint64_t nextRequest = 0;
  std::map<std::uint32_t, std::uint64_t> openRequests;  // network slot -> async id (unique in the file)
  std::set<std::uint32_t> sessionTracks, openReviews;
  auto close_request = [&](std::map<std::uint32_t, std::uint64_t>::iterator it, sim::Time at, const json& args) {
    events.push_back(json{{"ph", "e"}, {"pid", 1}, {"tid", kNetwork}, {"ts", us(at)}, {"cat", "network"}, {"id", it->second},
                          {"name", "request"}, {"args", args}});
    openRequests.erase(it);
  };
  for (const auto& r : trace.records()) {
    const int component = track_of(r.kind);
    const std::uint32_t session = session_of(r);
    // A session's tab, core steps and record writes go on its own track.
    const int tid = session ? kSessionTrackBase + static_cast<int>(session) : component;
    const char* cat = category_of(component);
    if (session && sessionTracks.insert(session).second) {
      events.push_back(json{{"ph", "M"}, {"pid", 1}, {"tid", tid}, {"name", "thread_name"}, {"args", {{"name", fmt::format("session {}", session)}}}});
      events.push_back(json{{"ph", "M"}, {"pid", 1}, {"tid", tid}, {"name", "thread_sort_index"}, {"args", {{"sort_index", tid}}}});
    }
    json args = named_args(r);
    switch (r.kind) {
      case TraceKind::WorkerStart:
        if (workerOpen) events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", kWorker}, {"ts", us(r.at)}, {"cat", cat}});
        events.push_back(json{{"ph", "B"}, {"pid", 1}, {"tid", kWorker}, {"ts", us(r.at)}, {"cat", cat},
                              {"name", "worker #" + std::to_string(r.a)}, {"args", args}});
        workerOpen = true;
        break;
      case TraceKind::WorkerStop:
        if (workerOpen) events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", kWorker}, {"ts", us(r.at)}, {"cat", cat}, {"args", args}});
        workerOpen = false;
        // Every request is the worker's: its answer can reach no one now.
        while (!openRequests.empty()) close_request(openRequests.begin(), r.at, json{{"outcome", "worker_stopped"}});
        break;
      case TraceKind::FetchSend: {
        if (const auto it = openRequests.find(r.a); it != openRequests.end()) close_request(it, r.at, json{{"outcome", "superseded"}});
        const std::uint64_t id = ++nextRequest;
        openRequests[r.a] = id;
        args["request"] = id;
        events.push_back(json{{"ph", "b"}, {"pid", 1}, {"tid", kNetwork}, {"ts", us(r.at)}, {"cat", cat}, {"id", id},
                              {"name", detail_name(r)}, {"args", args}});
        break;
      }
      case TraceKind::FetchDone:
        if (const auto it = openRequests.find(r.a); it != openRequests.end()) {
          args["request"] = it->second;
          close_request(it, r.at, args);
        } else {
          events.push_back(json{{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", kNetwork}, {"ts", us(r.at)}, {"cat", cat},
                                {"name", "late answer"}, {"args", args}});
        }
        break;
      case TraceKind::ServerHandled:
        if (const auto it = openRequests.find(r.a); it != openRequests.end()) args["request"] = it->second;
        events.push_back(json{{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", cat},
                              {"name", detail_name(r)}, {"args", args}});
        break;
      case TraceKind::TabOpen:
        if (openReviews.insert(session).second)
          events.push_back(json{{"ph", "B"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", "session"},
                                {"name", fmt::format("review (tab {})", r.a)}, {"args", args}});
        break;
      case TraceKind::TabClose:
        if (openReviews.erase(session))
          events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", "session"}, {"args", args}});
        break;
      case TraceKind::Fault:
        if (r.b > 0)
          events.push_back(json{{"ph", "X"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"dur", us(r.b)}, {"cat", cat},
                                {"name", detail_name(r)}, {"args", args}});
        else
          events.push_back(json{{"ph", "i"}, {"s", "g"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", cat},
                                {"name", detail_name(r)}, {"args", args}});
        break;
      default:
        events.push_back(json{{"ph", "i"}, {"s", "t"}, {"pid", 1}, {"tid", tid}, {"ts", us(r.at)}, {"cat", session ? "session" : cat},
                              {"name", r.kind == TraceKind::Core ? detail_name(r) : std::string(sim::trace_kind_name(r.kind))},
                              {"args", args}});
        break;
    }
  }
  if (workerOpen) events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", kWorker}, {"ts", us(end)}, {"cat", "worker"}});
  while (!openRequests.empty()) close_request(openRequests.begin(), end, json{{"outcome", "open_at_end"}});
  for (const std::uint32_t s : openReviews)
    events.push_back(json{{"ph", "E"}, {"pid", 1}, {"tid", kSessionTrackBase + static_cast<int>(s)}, {"ts", us(end)}, {"cat", "session"},
                          {"args", {{"outcome", "open_at_end"}}}});
  json metadata{{"scenario", meta.scenario}, {"strategy", meta.strategy}, {"seed", meta.seed},
                {"trace_hash", fmt::format("{:016x}", trace.hash())}};
  out << json{{"traceEvents", events}, {"displayTimeUnit", "ms"}, {"metadata", {{"syncsim", metadata}}}}.dump() << '\n';
}

}  // namespace syncsim::reports
