#pragma once
// Swarm exploration (Groce et al., "Swarm testing"): each seed draws its own world, so runs
// differ in which faults they stress and how hard, not only when. Two swarms, by name:
//   wide    (the default) every option drawn per seed, as TigerBeetle's simulator draws its
//           options: crash storms, months of use, hour-long Retry-After, any backend
//           idempotency mode, LAN to satellite latency, short reviews, many tabs, one PR;
//   classic the first swarm (a subset of fault kinds at modest rates, one user-day, the
//           default network and backend), kept unchanged so earlier figures and golden
//           hashes stay comparable.
// Shrinking a failing swarm world: sim/explore/shrink.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/strategy.hpp"
#include "sim/world/params.hpp"

namespace syncsim::sim {

enum class SwarmKind : std::uint8_t { Wide, Classic };

std::string_view swarm_name(SwarmKind k);
std::optional<SwarmKind> swarm_by_name(std::string_view name);
inline constexpr std::string_view kSwarmNames = "wide, classic";

// The world of swarm seed `seed` (a function of the kind and the seed alone).
WorldParams swarm_world(std::uint64_t seed, SwarmKind kind = SwarmKind::Classic);

// What a sweep draws its worlds from: a swarm, optionally one backend idempotency mode forced
// on every world (`syncsim check --idempotency key`: a strategy judged only against the backends
// it says it needs), and the search: uniform (each seed's swarm world as drawn) or guided
// (faults placed at the moments the strategy awaits, sim/explore/guided.hpp).
struct SwarmSpec {
  SwarmKind kind = SwarmKind::Wide;
  std::optional<IdempotencyMode> idempotency;
  bool guided = false;
  // The swarm world of `seed` (without the guided placements).
  WorldParams world(std::uint64_t seed) const;
  // The world `strategy` runs for `seed`: guided, the swarm world with its placed faults.
  WorldParams world(std::uint64_t seed, const core::StrategyConfig& strategy) const;
  // What a reader needs to know what seed `seed` was (describe_world, and the placements).
  std::string describe(std::uint64_t seed, const core::StrategyConfig& strategy) const;
  std::string flags() const;  // the check options that select it ("" for the default)
};

std::string_view search_name(bool guided);
std::optional<bool> search_by_name(std::string_view name);  // true: guided
inline constexpr std::string_view kSearchNames = "uniform, guided";

std::string_view idempotency_name(IdempotencyMode m);
std::optional<IdempotencyMode> idempotency_by_name(std::string_view name);
inline constexpr std::string_view kIdempotencyNames = "none, end_idempotent, key";

// The drawn options, a line per part (duration, network, backend, browser, user, fault rates):
// what a reader needs to know what a failing seed was.
std::string describe_world(const WorldParams& p);

}  // namespace syncsim::sim
