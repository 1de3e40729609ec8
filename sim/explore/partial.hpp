#pragma once
// Shard partial results. A run given --shard i/N writes DIR/partial-KIND-i-of-N.json, a JSON
// object {"syncsim_partial": 1, "kind": KIND, ..., "shard": i, "shards": N, ...}; `syncsim
// merge` reads the N files back into exactly what one unsharded run writes. KIND is "check"
// (here) or "report" (its rows are reports/'s; cli/report_command.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/explore/sweep.hpp"

namespace syncsim::sim {

std::string partial_path(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards);

// The fields every partial starts with.
nlohmann::ordered_json partial_header(const std::string& kind);

// Writes `json` (and a newline) as partial_path(...), whole or not at all, creating `dir`;
// false if it cannot.
bool write_partial(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards,
                   const std::string& json);

// The partial files given to one merge, all of one kind, in the order given.
struct Partials {
  std::string kind;
  std::vector<std::string> files;
  std::vector<nlohmann::json> docs;
};

// Errors say FILE: /POINTER: expected ..., found ... (no program name in front).
std::optional<Partials> read_partials(const std::vector<std::string>& files, std::string& error);

// Marks the shard of docs[i] as seen; false and `error` if it is outside 0..shards-1 or was seen.
bool claim_shard(const Partials& p, std::size_t i, std::uint64_t shards, std::vector<int>& seen, std::string& error);

// A check shard's partial: the sweep's options and its failing seeds by index.
nlohmann::ordered_json check_partial_json(const Sweep& s);

// The shards of one check, merged: the sweep one unsharded run makes (shard 0 of 1, jobs 1). nullopt and `error` if they are not every shard of the same check, once each.
std::optional<Sweep> merge_check_partials(const Partials& p, std::string& error);

}  // namespace syncsim::sim
