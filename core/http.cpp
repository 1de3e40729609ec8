#include "http.hpp"

namespace syncsim::core {

const char* endpoint_name(Endpoint e) {
  switch (e) {
    case Endpoint::StartSession: return "sessions_start";
    case Endpoint::EndSession: return "sessions_end";
    case Endpoint::Activities: return "activities";
    case Endpoint::Beacon: return "beacon";
    case Endpoint::RefreshToken: return "auth_refresh";
    case Endpoint::Count_: break;
  }
  return "unknown";
}

}  // namespace syncsim::core
