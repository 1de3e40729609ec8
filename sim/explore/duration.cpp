#include "sim/explore/duration.hpp"

#include <fmt/format.h>

namespace syncsim::sim {

std::optional<Time> parse_duration(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0 || i > 12) return std::nullopt;
  const Time n = std::stoll(s.substr(0, i));
  const std::string unit = s.substr(i);
  if (unit == "ms") return n;
  if (unit == "s") return n * kSecond;
  if (unit == "m") return n * kMinute;
  if (unit == "h") return n * kHour;
  if (unit == "d") return n * kDay;
  return std::nullopt;
}

std::string format_duration(Time ms) {
  if (ms != 0 && ms % kDay == 0) return fmt::format("{}d", ms / kDay);
  if (ms != 0 && ms % kHour == 0) return fmt::format("{}h", ms / kHour);
  if (ms != 0 && ms % kMinute == 0) return fmt::format("{}m", ms / kMinute);
  if (ms != 0 && ms % kSecond == 0) return fmt::format("{}s", ms / kSecond);
  return fmt::format("{}ms", ms);
}

}  // namespace syncsim::sim
