#include "log_code.hpp"

namespace syncsim::core {

const char* log_code_name(LogCode c) {
  static constexpr const char* names[] = {
      "session_started", "session_ended", "end_not_queued", "immediate_sync_failed",
      "immediate_sync_ok", "sync_attempt", "sync_ok", "sync_failed", "backoff_skip",
      "dead_lettered", "dead_letter_evicted", "token_refreshed", "token_refresh_failed",
      "stale_session_ended", "pending_loaded", "activities_sent", "beacon_payload", "start_merged",
      "closed_review_recorded"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<std::size_t>(LogCode::Count_));
  const auto i = static_cast<std::size_t>(c);
  return i < static_cast<std::size_t>(LogCode::Count_) ? names[i] : "unknown";
}

}  // namespace syncsim::core
