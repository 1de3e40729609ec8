#include "sim/explore/duration.hpp"

#include <fmt/format.h>

namespace syncsim::sim {

std::optional<Time> parse_duration(const std::string& s) {
  std::size_t i = 0;
  Time n = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    n = n * 10 + (s[i] - '0');
    if (n > kMaxDuration) return std::nullopt;  // already too long in milliseconds, whatever the unit
  }
  if (i == 0) return std::nullopt;
  const std::string unit = s.substr(i);
  Time scale = 0;
  if (unit == "ms") scale = 1;
  else if (unit == "s") scale = kSecond;
  else if (unit == "m") scale = kMinute;
  else if (unit == "h") scale = kHour;
  else if (unit == "d") scale = kDay;
  else return std::nullopt;
  if (n > kMaxDuration / scale) return std::nullopt;
  return n * scale;
}

std::string format_duration(Time ms) {
  if (ms != 0 && ms % kDay == 0) return fmt::format("{}d", ms / kDay);
  if (ms != 0 && ms % kHour == 0) return fmt::format("{}h", ms / kHour);
  if (ms != 0 && ms % kMinute == 0) return fmt::format("{}m", ms / kMinute);
  if (ms != 0 && ms % kSecond == 0) return fmt::format("{}s", ms / kSecond);
  return fmt::format("{}ms", ms);
}

}  // namespace syncsim::sim
