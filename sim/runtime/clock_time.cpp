#include "sim/runtime/clock_time.hpp"

#include <cstdio>

namespace syncsim::sim {

std::string clock_time(Time ms) {
  if (ms < 0) ms = 0;
  const Time day = ms / kDay;
  const Time inDay = ms % kDay;
  char buf[64];
  const long long h = inDay / kHour, m = inDay / kMinute % 60, s = inDay / kSecond % 60, milli = inDay % 1000;
  if (day == 0) std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", h, m, s, milli);
  else std::snprintf(buf, sizeof buf, "day %lld %02lld:%02lld:%02lld.%03lld", static_cast<long long>(day + 1), h, m, s, milli);
  return buf;
}

}  // namespace syncsim::sim
