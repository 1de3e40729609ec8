#include "sim/explore/sweep.hpp"

#include <stdexcept>

#include "sim/check/run_world.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/swarm.hpp"
#include "sim/js/js_extension.hpp"

namespace syncsim::sim {

std::optional<core::StrategyConfig> sweep_strategy(const std::string& strategy, const std::string& mutant) {
  auto s = js::any_strategy(strategy);  // a C++ strategy, or ts:NAME (the TypeScript)
  if (!s || mutant.empty()) return s;
  if (s->makeExtension == &js::make_js_extension) return std::nullopt;  // defects are planted in C++ only
  const auto m = core::mutation_by_name(mutant);
  if (!m) return std::nullopt;
  s->mutation = *m;
  return s;
}

Sweep run_sweep(const SweepOptions& o, const Progress& progress) {
  const auto strategy = sweep_strategy(o.strategy, o.mutant);
  if (!strategy) throw std::invalid_argument("run_sweep: unknown strategy or mutant: " + o.strategy + " " + o.mutant);
  if (o.shard >= o.shards) throw std::invalid_argument("run_sweep: shard must be below shards");
  Sweep s{o, {}, shard_size(o.seeds, o.shard, o.shards)};
  std::vector<std::vector<Property>> mine(s.ran);  // by this shard's run j, written by one thread each
  parallel_for(
      s.ran, o.jobs,
      [&](std::size_t j) {
        const std::uint64_t k = o.shard + j * o.shards;
        mine[j] = violated_properties(run_world(o.swarm.world(o.from + k, *strategy), *strategy).violations);
      },
      progress);
  for (std::uint64_t j = 0; j < s.ran; ++j)
    if (!mine[j].empty()) s.violated.emplace(o.shard + j * o.shards, std::move(mine[j]));
  return s;
}

}  // namespace syncsim::sim
