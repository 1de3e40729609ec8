#pragma once
// A found case: the shrunk world of a failure group, written as a scenario file that replays
// from the file alone, with the recorded outcome of every strategy and its own trace hash
// (scenarios/found/ holds the ones kept).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/strategy.hpp"
#include "sim/explore/failure_groups.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

struct FoundCase {
  std::string name;         // STRATEGY-SIGNATURE-seedN
  std::string description;  // where it was found and what it was shrunk to
  std::string strategy;     // the strategy's name
  std::string mutant;       // the planted defect it ran with (`check --mutant`); empty: none
  WorldParams world;        // shrunk
  std::optional<ExtensionRef> extension;  // a team's bundle (`--extension`): its path, fingerprint, claims
};

// A bundle file's fingerprint: FNV-1a 64 of its bytes, 16 hex digits; nullopt if unreadable.
std::optional<std::string> bundle_fingerprint(const std::string& path);

// Shrinks the group's first seed (shrink_failure) under `strategy` and names the case.
FoundCase found_case(const core::StrategyConfig& strategy, const FailureGroup& g);

// Runs `p` under every strategy, each with the planted defect `mutant` if one is named, and
// records into `doc` what each violates ("expect"), the trace hash of `strategy`
// ("trace_hash"), the defect ("mutant") and the build that recorded them ("recorded_by"), as
// `syncsim scenarios record --update` does.
void record_expectations(nlohmann::ordered_json& doc, const WorldParams& p, std::string_view strategy,
                         std::string_view mutant = {});

// The case's scenario file, expectations recorded.
nlohmann::ordered_json found_case_json(const FoundCase& c);

// Writes found_case_json(c) to `path`, whole or not at all; false if it cannot.
bool write_found_case(const std::string& path, const FoundCase& c);

}  // namespace syncsim::sim
