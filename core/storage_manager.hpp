#pragma once
// storageManager: sessions by localId in chrome.storage.local.
#include "ports.hpp"

namespace syncsim::core {

class StorageManager {
 public:
  explicit StorageManager(WorkerPorts& ports) : ports_(ports) {}
  Task<std::optional<Session>> getSession(LocalId localId) { return ports_.get_session(localId); }
  Task<StorageStatus> saveSession(Session s) { return ports_.save_session(std::move(s)); }
  Task<StorageStatus> removeSession(LocalId id) { return ports_.remove_session(id); }

 private:
  WorkerPorts& ports_;
};

}  // namespace syncsim::core
