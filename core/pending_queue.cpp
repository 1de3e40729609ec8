#include "pending_queue.hpp"

namespace syncsim::core {

Task<void> savePendingSessions(WorkerPorts& ports, WorkerState& st) {
  std::vector<PendingSession> values;
  values.reserve(st.pendingSessions.size());
  for (PendingRef r : st.pendingSessions) values.push_back(st.obj(r));
  co_await ports.set_pending_sessions(std::move(values));
}

Task<void> loadPendingSessions(WorkerPorts& ports, WorkerState& st) {
  PersistedQueues q = co_await ports.get_queues();
  std::vector<PendingRef> loaded;
  loaded.reserve(q.pendingSessions.size());
  for (const auto& p : q.pendingSessions) loaded.push_back(st.make(p));
  st.pendingSessions = std::move(loaded);
  st.pendingActivities = std::move(q.pendingActivities);
  st.activeSessions = std::move(q.activeSessions);
  ports.log(LogCode::PendingLoaded, 0, static_cast<std::int64_t>(q.pendingSessions.size()));
}

void keepLastFailedItems(WorkerPorts& ports, std::vector<FailedItem>& items, int capacity) {
  const auto cap = static_cast<std::size_t>(capacity);
  if (items.size() <= cap) return;
  const std::size_t drop = items.size() - cap;
  for (std::size_t i = 0; i < drop; ++i) ports.log(LogCode::DeadLetterEvicted, items[i].item.localId, 0);
  items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(drop));
}

Task<void> saveActivities(WorkerPorts& ports, WorkerState& st) {
  co_await ports.set_pending_activities(st.pendingActivities);
}

}  // namespace syncsim::core
