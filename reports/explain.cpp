#include "reports/explain.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "core/http.hpp"
#include "core/log_code.hpp"
#include "reports/trace_export.hpp"
#include "sim/world/network.hpp"
#include "sim/world/service_worker.hpp"
#include "sim/world/storage.hpp"
#include "sim/runtime/clock_time.hpp"
#include "sim/world/trace_names.hpp"

namespace syncsim::reports {

using sim::Time;
using sim::TraceKind;
using sim::TraceRecord;
using sim::clock_time;
using sim::detail_name;

namespace {

// The handlers a tab's own message or event starts.
bool tab_handler(std::uint16_t detail) {
  using K = sim::WorkerEventKind;
  const auto k = static_cast<K>(detail);
  return k == K::TabRemoved || k == K::StartSession || k == K::Activity || k == K::GetBeaconPayload || k == K::PageHide;
}

struct Line {
  Time at;
  std::string text;  // compared when folding repeats
  std::string tag;   // printed, not compared (request numbers)
  bool session;      // the session's own line (else the world's, shown only near one)
  Time until = -1;   // a fault's end: it is shown if [at, until] overlaps the session's stretch
};

std::string action_of(std::int64_t attemptValue) { return (attemptValue & 1) ? "end" : "start"; }

// A core log record of the session, named after the plan's function that logs it.
std::string core_text(const TraceRecord& r) {
  using core::LogCode;
  const auto code = static_cast<LogCode>(r.detail);
  switch (code) {
    case LogCode::SessionStarted: return "core: SessionHandler.startSession - session saved, start queued";
    case LogCode::SessionEnded: return fmt::format("core: SessionHandler.endSession - ended after {} s, end queued", r.b);
    case LogCode::EndNotQueued: return "core: SessionHandler.endSession - no backendId yet, the end is not queued";
    case LogCode::ImmediateSyncFailed: return "core: SessionHandler.trySyncSessionsImmediate - failed";
    case LogCode::ImmediateSyncOk: return "core: SessionHandler.trySyncSessionsImmediate - synced";
    case LogCode::SyncAttempt:
      return fmt::format("core: sync {} (retryCount {})", action_of(r.b), r.b / 2);
    case LogCode::SyncOk: return fmt::format("core: SyncManager - item synced{}", r.b ? fmt::format(" (backendId {})", r.b) : "");
    case LogCode::SyncFailed: {
      const auto f = core::decode_failure(r.b);
      std::string status = f.status == core::kNetworkError ? "network error"
                           : f.status == core::kClientTimeout ? "client timeout"
                                                               : fmt::format("HTTP {}", f.status);
      return fmt::format("core: sync {} failed: {}{}", f.endAction ? "end" : "start", status,
                         f.retryAfterMs > 0 ? fmt::format(", Retry-After {} s", f.retryAfterMs / 1000) : "");
    }
    case LogCode::BackoffSkip: return "core: SyncRetry - not time to retry yet";
    case LogCode::DeadLettered:
      return fmt::format("core: SyncManager.addToFailedQueue - the {} moved to the dead-letter queue", r.b ? "end" : "start");
    case LogCode::DeadLetterEvicted: return "core: SyncManager.addToFailedQueue - evicted from the dead-letter queue";
    case LogCode::StaleSessionEnded: return "core: startup - a stale open session ended";
    case LogCode::StartMerged: return "core: SessionHandler.endSession - the queued start merged into the end";
    default: return fmt::format("core: {}", core::log_code_name(code));
  }
}

// The world's core records (no session): only those that explain a session's fate.
bool world_core(std::uint16_t detail) {
  using core::LogCode;
  const auto c = static_cast<LogCode>(detail);
  return c == LogCode::TokenRefreshed || c == LogCode::TokenRefreshFailed || c == LogCode::PendingLoaded;
}

std::string world_core_text(const TraceRecord& r) {
  using core::LogCode;
  switch (static_cast<LogCode>(r.detail)) {
    case LogCode::TokenRefreshed: return "core: TokenManager.refresh - new token";
    case LogCode::TokenRefreshFailed: return fmt::format("core: TokenManager.refresh - failed (status {})", r.b);
    case LogCode::PendingLoaded: return fmt::format("core: pendingSessions loaded from storage ({} items)", r.b);
    default: return "core: " + detail_name(r);
  }
}

std::string request_done_text(const TraceRecord& r) {
  switch (r.detail) {
    case sim::kDoneOk: return fmt::format("<- HTTP {}", r.b);
    case sim::kDoneNetworkError: return "<- network error";
    case sim::kDoneTimeout: return "<- client timeout (the request may still reach the backend)";
    default: return "<- the answer arrived with no one to take it (worker gone or timed out)";
  }
}

// Folds runs of a repeated block of 1-16 lines (same texts) into the block and one line saying
// how often it repeats.
std::vector<Line> fold(const std::vector<Line>& in) {
  std::vector<Line> out;
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t bestP = 0, bestReps = 1;
    for (std::size_t p = 1; p <= 16 && i + 2 * p <= in.size(); ++p) {
      std::size_t reps = 1;
      while (i + (reps + 1) * p <= in.size()) {
        bool same = true;
        for (std::size_t k = 0; k < p && same; ++k) same = in[i + reps * p + k].text == in[i + k].text;
        if (!same) break;
        ++reps;
      }
      if (reps >= 2 && reps * p > bestReps * bestP) {
        bestP = p;
        bestReps = reps;
      }
    }
    if (bestP == 0) {
      out.push_back(in[i++]);
      continue;
    }
    for (std::size_t k = 0; k < bestP; ++k) out.push_back(in[i + k]);
    const Line& last = in[i + (bestReps - 1) * bestP];
    out.push_back(Line{-1,
                       fmt::format("... {} repeated {} times in all, the last at {}", bestP == 1 ? "the line above" : fmt::format("the {} lines above", bestP),
                                   bestReps, clock_time(last.at)),
                       "", true});
    i += bestP * bestReps;
  }
  return out;
}

}  // namespace

std::string explain_text(const RunInfo& info, const sim::Trace& trace, const sim::RunResult& r, const ExplainOptions& o,
                         const std::string& replay) {
  const sim::Violation& v = r.violations.at(o.violation);
  const std::uint32_t s = v.session;
  std::vector<Line> all;
  std::map<std::uint32_t, std::uint32_t> ownRequests;  // network slot -> this session's request number
  std::uint32_t requests = 0;
  for (const TraceRecord& rec : trace.records()) {
    switch (rec.kind) {
      case TraceKind::TabOpen:
        if (rec.a == s) all.push_back({rec.at, fmt::format("tab {} opened", s), "", true});
        break;
      case TraceKind::TabClose:
        if (rec.a == s) all.push_back({rec.at, fmt::format("tab {} closed ({})", s, detail_name(rec)), "", true});
        break;
      case TraceKind::PageHide:
        if (rec.a == s) all.push_back({rec.at, fmt::format("tab {}: pagehide", s), "", true});
        break;
      case TraceKind::MessageLost:
        if (rec.a == s) all.push_back({rec.at, fmt::format("tab {}: a reply arrived after the page was gone", s), "", true});
        break;
      case TraceKind::Beacon:
        if (rec.a == s) all.push_back({rec.at, fmt::format("tab {}: sendBeacon {} ({} bytes)", s, detail_name(rec), rec.b), "", true});
        break;
      case TraceKind::HandlerStart: {
        const bool tabHandler = tab_handler(rec.detail);
        if (tabHandler && rec.a == s) all.push_back({rec.at, fmt::format("worker: {} (tab {})", detail_name(rec), s), "", true});
        else if (!tabHandler) all.push_back({rec.at, fmt::format("worker: {}", detail_name(rec)), "", false});
        break;
      }
      case TraceKind::Core:
        if (rec.a == s && s != 0) all.push_back({rec.at, core_text(rec), "", true});
        else if (rec.a == 0 && world_core(rec.detail)) all.push_back({rec.at, world_core_text(rec), "", false});
        break;
      case TraceKind::StorageSet:
      case TraceKind::StorageSetLost:
        if (rec.subject == s && s != 0 && rec.detail == static_cast<std::uint16_t>(sim::StorageKey::Session))
          all.push_back({rec.at,
                         fmt::format("storage: session {} record {}{}", s, rec.removal ? "removed" : "written",
                                     rec.kind == TraceKind::StorageSet ? "" : " - LOST: its worker died before it applied"),
                         "", true});
        break;
      case TraceKind::FetchSend:
        if (rec.b == s && s != 0) {
          ownRequests[rec.a] = ++requests;
          all.push_back({rec.at, fmt::format("-> {}", detail_name(rec)), fmt::format(" (request {})", requests), true});
        } else {
          ownRequests.erase(rec.a);
        }
        break;
      case TraceKind::FetchDone: {
        const auto it = ownRequests.find(rec.a);
        if (it == ownRequests.end()) break;
        all.push_back({rec.at, request_done_text(rec), fmt::format(" (request {})", it->second), true});
        if (rec.detail != sim::kDoneTimeout) ownRequests.erase(it);
        break;
      }
      case TraceKind::ServerHandled: {
        const auto it = ownRequests.find(rec.a);
        if (it == ownRequests.end()) break;
        all.push_back({rec.at,
                       fmt::format("backend: {} answered HTTP {}{}", detail_name(rec), rec.b & 0xffff,
                                   (rec.b >> 16) ? fmt::format(" (server session {})", rec.b >> 16) : ""),
                       fmt::format(" (request {})", it->second), true});
        break;
      }
      case TraceKind::WorkerStart: all.push_back({rec.at, "worker started", fmt::format(" (#{})", rec.a), false}); break;
      case TraceKind::WorkerStop:
        all.push_back({rec.at, fmt::format("worker stopped: {}", detail_name(rec)), fmt::format(" (#{})", rec.a), false});
        break;
      case TraceKind::Fault:
        all.push_back({rec.at, fmt::format("fault: {}{}", detail_name(rec), rec.b > 0 ? " for " + clock_time(rec.b) : ""), "", false,
                       rec.at + std::max<Time>(rec.b, 0)});
        break;
      case TraceKind::Heal:
        all.push_back({rec.at,
                       rec.detail == 1 ? "the user opens the browser again (the extension was left with nothing to wake it)"
                                       : "the world heals (faults end; the drain begins)",
                       "", false});
        break;
      default: break;
    }
  }

  // The session's stretch, and the world's lines near it (faults: any that overlap it).
  std::vector<Time> own;
  for (const auto& l : all)
    if (l.session) own.push_back(l.at);
  std::vector<Line> story;
  if (!own.empty()) {
    const Time from = own.front() - o.contextMs, to = std::max(own.back(), v.at) + o.contextMs;
    std::size_t k = 0;
    for (const auto& l : all) {
      if (l.at > to) break;
      if (l.session) {
        story.push_back(l);
        continue;
      }
      if (l.until >= 0) {
        if (l.until >= from) story.push_back(l);  // a fault that overlaps the stretch
        continue;
      }
      while (k + 1 < own.size() && own[k + 1] <= l.at) ++k;
      const bool near = (l.at >= own[k] - o.contextMs && l.at <= own[k] + o.contextMs) ||
                        (k + 1 < own.size() && own[k + 1] - l.at <= o.contextMs);
      if (near && l.at >= from) story.push_back(l);
    }
  }
  story = fold(story);

  std::string out;
  out += fmt::format("syncsim explain: {}, strategy {}, seed {}\n", info.scenario, info.strategy, info.seed);
  out += fmt::format("violation {} of {}: {}, session {}, at {}\n", o.violation + 1, r.violations.size(), sim::property_name(v.property),
                     s, clock_time(v.at));
  out += fmt::format("  {}\n\n", v.detail);
  if (story.empty()) {
    out += fmt::format("the trace holds no record of session {}: no tab, message or request of it reached the world\n\n", s);
  } else {
    out += fmt::format("session {}, in simulated time (day 1 starts at 00:00:00.000):\n", s);
    const std::size_t n = story.size();
    const std::size_t head = o.maxLines / 2, tail = o.maxLines - head;
    for (std::size_t i = 0; i < n; ++i) {
      if (n > o.maxLines && i == head) {
        out += fmt::format("  ... {} lines left out ({} --trace FILE.jsonl has every record)\n", n - head - tail, replay);
        i = n - tail - 1;
        continue;
      }
      const Line& l = story[i];
      out += l.at < 0 ? fmt::format("  {:>18}  {}\n", "", l.text) : fmt::format("  {:>18}  {}{}\n", clock_time(l.at), l.text, l.tag);
    }
    out += "\n";
  }
  out += fmt::format("verdict: {} violated for session {}: {}\n", sim::property_name(v.property), s, v.detail);
  if (r.violations.size() > 1) {
    std::map<std::string, std::size_t> others;
    for (std::size_t i = 0; i < r.violations.size(); ++i)
      if (i != o.violation) ++others[std::string(sim::property_name(r.violations[i].property))];
    std::string list;
    for (const auto& [name, count] : others) list += fmt::format("{}{} x{}", list.empty() ? "" : ", ", name, count);
    out += fmt::format("the run's other violations: {} (--violation N tells another)\n", list);
  }
  out += fmt::format("replay: {}\n", replay);
  return out;
}

}  // namespace syncsim::reports
