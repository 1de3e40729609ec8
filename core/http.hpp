#pragma once
// The fetch port's request and response, typed rather than JSON: the simulator's backend reads
// the fields the real endpoints would parse. Sizes are estimated for quota and beacon limits.
#include <cstdint>
#include <vector>

#include "types.hpp"

namespace syncsim::core {

enum class Endpoint : std::uint8_t {
  StartSession,   // POST /api/sessions/start
  EndSession,     // POST /api/sessions/{id}/end
  Activities,     // POST /api/activities (batch)
  Beacon,         // POST /api/sync/sessions (sendBeacon, unauthenticated)
  RefreshToken,   // POST /api/auth/refresh
  Count_
};

const char* endpoint_name(Endpoint e);

struct HttpRequest {
  Endpoint endpoint = Endpoint::StartSession;
  LocalId localId = 0;
  std::uint32_t clientId = 0;    // which browser sent it (set by the simulator; fleet mode)
  bool idempotencyKey = false;   // sends `Idempotency-Key: <localId>`
  std::uint64_t keyHash = 0;     // the key's value hashed, when it is not localId (JS bundles)
  BackendId sessionId = 0;       // path parameter of /end
  std::uint32_t repo = 0;
  std::int32_t prNumber = 0;
  Millis claimedStart = -1;      // the start's `started_at`, when the body says it (JS bundles)
  std::int32_t durationSeconds = 0;
  std::uint32_t activityCount = 0;
  bool authorized = true;        // carries `Authorization: Bearer`
  std::uint32_t tokenGen = 0;
  Millis tokenExpiresAt = 0;
  bool absoluteUrl = true;       // false: a relative URL (resolves against the page's origin)
  std::vector<PendingSession> beaconItems;  // the beacon's JSON body, as values
};

struct HttpResponse {
  // 0 = network error (fetch rejected), -1 = aborted by the client's own timeout.
  int status = 0;
  BackendId sessionId = 0;
  Millis retryAfterMs = 0;
  std::uint32_t tokenGen = 0;
  Millis tokenExpiresAt = 0;

  bool ok() const { return status >= 200 && status < 300; }
};

constexpr int kNetworkError = 0;
constexpr int kClientTimeout = -1;

}  // namespace syncsim::core
