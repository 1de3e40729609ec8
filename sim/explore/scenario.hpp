#pragma once
// Scenario files (scenarios/*.json, format version 1; documented in scenarios/README.md):
// a named, seeded world with its faults and the expected outcome per strategy. Loading
// validates everything and reports each problem with the file, the JSON pointer of the field,
// what was expected and what was found; unknown fields are errors.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/checker.hpp"
#include "sim/check/property.hpp"
#include "sim/check/violation.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

// A team's own bundle (`--extension`): where it was, its fingerprint when the file was written
// (replay refuses a changed bundle) and whose claims judged it.
struct ExtensionRef {
  std::string bundle;  // as given on the command line
  std::string hash;    // bundle_fingerprint(): 16 hex digits
  std::string claims;  // a C++ strategy name
};

// The format's limits (scenarios/README.md, "Limits"): a file beyond any of them is refused with
// the pointer of the field, before anything runs. They bound the memory and time one file can
// ask for; every file in scenarios/ is far inside them.
constexpr std::size_t kMaxScenarioBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxScenarioDepth = 32;        // nested objects/arrays
constexpr std::size_t kMaxNameBytes = 200;
constexpr Time kMaxRunLength = 366 * kDay;           // "duration"
constexpr Time kMaxDrain = 7 * kDay;                 // "drain"
constexpr Time kMinInterval = kSecond;               // activity_interval, alarm_min_period
constexpr std::size_t kMaxSessions = 10000;          // world.user.sessions
constexpr std::size_t kMaxFaults = 10000;            // faults
constexpr std::uint64_t kMaxEstimatedEvents = 50'000'000;  // estimated_events()

struct Scenario {
  std::string path;
  std::string name;
  std::string description;
  std::string strategy = "approach2";  // the default; `run --strategy` overrides it
  WorldParams params;
  // Properties known to be violated, by strategy name; a listed strategy must violate exactly
  // these (and hold the others). Strategies not listed carry no expectation.
  std::map<std::string, std::vector<Property>> expect;
  std::optional<std::uint64_t> traceHash;  // recorded for `syncsim replay` (strategy + seed)
  std::optional<ExtensionRef> extension;   // the strategy is this bundle ("js:<file>")
  std::string mutant;      // a planted defect every strategy runs with (core/mutation.hpp); empty: none
  std::string recordedBy;  // the syncsim version and commit that recorded trace_hash and expect
  nlohmann::json source;                   // the document as read
};

struct ScenarioError {
  std::string file;
  std::string pointer;
  std::string expected;
  std::string found;
  std::string message() const;
};

struct ScenarioLoad {
  std::optional<Scenario> scenario;
  std::vector<ScenarioError> errors;
};

// An upper estimate of the events a run of `w` schedules, from its parameters alone.
std::uint64_t estimated_events(const WorldParams& w);

ScenarioLoad parse_scenario(const std::string& text, const std::string& file);
ScenarioLoad load_scenario(const std::string& path);

// The scenario files (*.json) in `dir` (and below it if `recursive`), sorted by path: directory
// order is not deterministic.
std::vector<std::string> scenario_files(const std::string& dir, bool recursive);


}  // namespace syncsim::sim

namespace syncsim::sim {

// The set of properties a run violated, in property order, without repeats.
std::vector<Property> violated_properties(const std::vector<Violation>& v);

// Whether a run of `strategy` matches the scenario's expectation (true when it has none);
// `why` says what differed.
bool matches_expectation(const Scenario& s, const std::string& strategy, const std::vector<Violation>& v,
                         std::string& why);

}  // namespace syncsim::sim
