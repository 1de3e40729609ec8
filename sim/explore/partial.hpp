#pragma once
// Shard partial results. A run given --shard i/N writes DIR/partial-KIND-i-of-N.json, a JSON
// object {"syncsim_partial": 1, "kind": KIND, ..., "shard": i, "shards": N, ...}; `syncsim
// merge` reads the N files back into exactly what one unsharded run writes. KIND is "check"
// (here) or "report" (its rows are reports/'s; cli/report_command.cpp).
// A check partial has exactly: syncsim_partial, kind, version (the binary's), strategy,
// mutant, from, seeds, shard, shards, runs (this shard's), failing ({"K": [property, ...]} for
// each failing run index K of this shard, properties in property order) and failing_runs (how
// many entries failing has). Merge refuses anything else (check_one in partial.cpp).
#include <cstddef>
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

// The largest partial file merge reads, and its deepest nesting (report rows are 6 deep).
constexpr std::size_t kMaxPartialBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxPartialDepth = 16;
// The most seeds one check sweeps (`check --seeds`), so a partial cannot claim more.
constexpr std::uint64_t kMaxSweepSeeds = 100'000'000;

// The partial files given to one merge, all of one kind, in the order given; each parsed
// (sim/explore/json_input.hpp limits) and marked as a partial of that kind, nothing more: the
// merge of each kind checks the rest against its schema before it uses anything.
struct Partials {
  std::string kind;
  std::vector<std::string> files;
  std::vector<nlohmann::json> docs;
};

// Errors say FILE: /POINTER: expected ..., found ... (no program name in front).
std::optional<Partials> read_partials(const std::vector<std::string>& files, std::string& error);
// The same from the files' text (what the merge fuzz target drives).
std::optional<Partials> parse_partials(const std::vector<std::string>& files, const std::vector<std::string>& texts,
                                       std::string& error);

// The shard of each file, checked: N files given, each with "shards": N and a distinct
// "shard" in 0..N-1 (so every shard is there once). shardOf[i] is docs[i]'s shard.
bool claim_shards(const Partials& p, std::vector<std::uint64_t>& shardOf, std::string& error);

// A check shard's partial: the binary's version, the sweep's options, its run count, and its
// failing runs by index with their count (so a list cut short is caught).
nlohmann::ordered_json check_partial_json(const Sweep& s, const std::string& version);

// The shards of one check, merged: the sweep one unsharded run makes (shard 0 of 1, jobs 1).
// Every file is checked against the schema first (fields, types, ranges, shard coverage, the
// same check and `version` in all); nullopt and `error` at the first problem.
std::optional<Sweep> merge_check_partials(const Partials& p, const std::string& version, std::string& error);

}  // namespace syncsim::sim
