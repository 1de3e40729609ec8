#include "sim/world/trace_names.hpp"

#include "core/http.hpp"
#include "core/log_code.hpp"
#include "sim/world/faults.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::sim {

namespace {
const char* handler_name(std::uint16_t k) {
  static constexpr const char* names[] = {"onInstalled", "onStartup", "onAlarm", "tabs.onRemoved",
                                          "START_SESSION", "ACTIVITY", "GET_BEACON_PAYLOAD", "online", "PAGE_HIDE"};
  return k < 9 ? names[k] : "unknown";
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
}  // namespace

std::string detail_name(const TraceRecord& r) {
  switch (r.kind) {
    case TraceKind::WorkerStop: return stop_reason_name(static_cast<StopReason>(r.detail));
    case TraceKind::HandlerStart: return handler_name(r.detail);
    case TraceKind::StorageGet:
    case TraceKind::StorageSet:
    case TraceKind::StorageSetLost: return storage_key_name(r.detail);
    case TraceKind::FetchSend:
    case TraceKind::ServerHandled: return core::endpoint_name(static_cast<core::Endpoint>(r.detail));
    case TraceKind::FetchDone: return fetch_done_name(r.detail);
    case TraceKind::Beacon: return beacon_name(r.detail);
    case TraceKind::Fault: return std::string(fault_kind_name(static_cast<FaultKind>(r.detail)));
    case TraceKind::Core: return core::log_code_name(static_cast<core::LogCode>(r.detail));
    case TraceKind::TabClose: return r.detail == 0 ? "user_closed" : r.detail == 1 ? "browser_killed" : "browser_quit";
    default: return std::to_string(r.detail);
  }
}

}  // namespace syncsim::sim
