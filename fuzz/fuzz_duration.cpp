// libFuzzer target: the duration parser (sim/explore/duration.cpp). A parsed duration is in
// [0, kMaxDuration] and reads back to itself through format_duration.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sim/explore/duration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto d = syncsim::sim::parse_duration(text);
  if (!d) return 0;
  if (*d < 0 || *d > syncsim::sim::kMaxDuration) std::abort();
  if (syncsim::sim::parse_duration(syncsim::sim::format_duration(*d)) != d) std::abort();
  return 0;
}
