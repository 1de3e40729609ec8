// libFuzzer target: the scenario file parser (sim/explore/scenario.cpp) on any bytes. Every
// input must end in a scenario or in errors that each name a pointer, an expectation and what
// was found; a crash, a sanitizer report, a hang or an exception is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sim/explore/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto l = syncsim::sim::parse_scenario(text, "fuzz.json");
  if (l.scenario.has_value() == !l.errors.empty()) std::abort();  // exactly one of the two
  for (const auto& e : l.errors) {
    if (e.expected.empty() || e.found.empty() || e.file != "fuzz.json") std::abort();
    (void)e.message();
  }
  if (l.scenario) {
    const auto& p = l.scenario->params;
    // What the format promises the world: bounded lengths, so no time sum can overflow.
    if (p.durationMs <= 0 || p.durationMs > syncsim::sim::kMaxRunLength || p.drainMs < 0 || p.drainMs > syncsim::sim::kMaxDrain)
      std::abort();
    if (syncsim::sim::estimated_events(p) > syncsim::sim::kMaxEstimatedEvents) std::abort();
  }
  return 0;
}
