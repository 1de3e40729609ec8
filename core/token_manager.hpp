#pragma once
// tokenManager: the bearer token kept in chrome.storage.local.
#include "ports.hpp"

namespace syncsim::core {

class TokenManager {
 public:
  explicit TokenManager(WorkerPorts& ports) : ports_(ports) {}

  // isAuthenticated(): a token is stored. Whether it is still valid only the server knows.
  Task<bool> isAuthenticated();
  Task<AuthState> getToken();
  // POST /api/auth/refresh and store the new token; false when the refresh failed (or, with a
  // timeout, took longer: a refresh sent into a captive portal must not hang its caller, F35).
  Task<bool> refresh(Millis timeoutMs = 0);

 private:
  WorkerPorts& ports_;
};

}  // namespace syncsim::core
