#pragma once
// The persisted queues every strategy keeps (the plan calls savePendingSessions() and loads the
// queue at startup without showing either; core/README.md A1).
#include "ports.hpp"
#include "worker_state.hpp"

namespace syncsim::core {

// savePendingSessions(): chrome.storage.local.set({pendingSessions})
Task<void> savePendingSessions(WorkerPorts& ports, WorkerState& st);
// loadPendingSessions(): one get of both queues; pendingSessions = stored ?? [] (a new array,
// replacing whatever was pushed meanwhile).
Task<void> loadPendingSessions(WorkerPorts& ports, WorkerState& st);
// chrome.storage.local.set({pendingActivities})
Task<void> saveActivities(WorkerPorts& ports, WorkerState& st);

// failedSyncItems.slice(-capacity), logging each entry it evicts.
void keepLastFailedItems(WorkerPorts& ports, std::vector<FailedItem>& items, int capacity);

}  // namespace syncsim::core
