#pragma once
// The seed loop of `syncsim check`: the swarm worlds of seeds from .. from+seeds-1 (or one
// shard of them) run under one strategy on `jobs` threads, each seed's verdict stored by its
// index, so a sweep's result is the same whatever `jobs` is and however it is sharded.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/strategy.hpp"
#include "sim/check/checker.hpp"
#include "sim/explore/parallel.hpp"
#include "sim/explore/swarm.hpp"

namespace syncsim::sim {

struct SweepOptions {
  std::string strategy;        // baseline | approach1 | approach2 | hardened (required)
  std::string mutant;          // a planted defect (core::mutation_name); empty: none
  SwarmSpec swarm;             // which swarm draws the worlds
  std::uint64_t from = 1;      // the first swarm seed
  std::uint64_t seeds = 1000;
  std::uint64_t shard = 0;     // this process runs the indices k with k mod shards == shard
  std::uint64_t shards = 1;
  unsigned jobs = 1;           // threads, across runs only; the result does not depend on it
};

struct Sweep {
  SweepOptions options;
  // By index k of [0, seeds) (swarm seed from + k), only the runs that violated something: the
  // properties violated, in property order. Memory grows with the failures, not with `seeds`
  // (a shard of a huge sweep costs what its own runs cost).
  std::map<std::uint64_t, std::vector<Property>> violated;
  std::uint64_t ran = 0;  // runs made: every seed, or this shard's (shard_size)
};

// The strategy a sweep runs: `strategy` with `mutant` planted; nullopt if a name is unknown.
std::optional<core::StrategyConfig> sweep_strategy(const std::string& strategy, const std::string& mutant);

// Runs the sweep; throws std::invalid_argument if sweep_strategy() knows no such strategy or
// shard is not below shards. `progress` counts this shard's runs.
Sweep run_sweep(const SweepOptions& o, const Progress& progress = {});

}  // namespace syncsim::sim
