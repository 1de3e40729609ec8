#include "sim/runtime/trace.hpp"

namespace syncsim::sim {

std::string_view trace_kind_name(TraceKind k) {
  static constexpr std::string_view names[] = {
      "worker_start", "worker_stop", "handler_start", "storage_get", "storage_set",
      "storage_set_lost", "fetch_send", "fetch_done", "server_handled", "alarm_create",
      "alarm_fire", "tab_open", "tab_close", "page_hide", "message_lost", "beacon",
      "fault", "core", "heal"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<std::size_t>(TraceKind::Count_));
  const auto i = static_cast<std::size_t>(k);
  return i < static_cast<std::size_t>(TraceKind::Count_) ? names[i] : "unknown";
}

}  // namespace syncsim::sim
