#include "token_manager.hpp"

namespace syncsim::core {

Task<bool> TokenManager::isAuthenticated() {
  const AuthState a = co_await ports_.get_auth();
  co_return a.present;
}

Task<AuthState> TokenManager::getToken() { co_return co_await ports_.get_auth(); }

Task<bool> TokenManager::refresh(Millis timeoutMs) {
  const AuthState cur = co_await ports_.get_auth();
  HttpRequest req;
  req.endpoint = Endpoint::RefreshToken;
  req.tokenGen = cur.tokenGen;  // the refresh token travels with the old generation
  const HttpResponse r = co_await ports_.fetch(std::move(req), timeoutMs);
  if (!r.ok()) {
    ports_.log(LogCode::TokenRefreshFailed, 0, r.status);
    co_return false;
  }
  AuthState next{true, r.tokenGen, r.tokenExpiresAt};
  co_await ports_.set_auth(next);
  ports_.log(LogCode::TokenRefreshed, 0, r.tokenGen);
  co_return true;
}

}  // namespace syncsim::core
