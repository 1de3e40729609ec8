// syncsim swarm: the world a swarm seed draws, printed (as TigerBeetle's simulator logs its
// options) and, with --out, written as a scenario file a reader can run and edit.
#include <iostream>

#include <fmt/format.h>

#include "commands.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/explore/swarm.hpp"

namespace syncsim::cli {

int swarm_command(const std::string& swarmName, std::uint64_t seed, const std::string& out) {
  const auto kind = sim::swarm_by_name(swarmName);
  if (!kind) {
    std::cerr << fmt::format("syncsim: --swarm: expected one of {}, found {}\n", sim::kSwarmNames, swarmName);
    return kExitBadInput;
  }
  const sim::WorldParams p = sim::swarm_world(seed, *kind);
  std::cout << fmt::format("{} swarm seed {}:\n{}", swarmName, seed, sim::describe_world(p));
  if (out.empty()) return kExitOk;
  // The rates, not their expansion: the run expands them from the seed exactly as the swarm does.
  const auto doc = sim::scenario_json(fmt::format("{}-seed{}", swarmName, seed),
                                      fmt::format("The world of {} swarm seed {} (`syncsim swarm --swarm {} --seed {}`).",
                                                  swarmName, seed, swarmName, seed),
                                      "hardened", p);
  sim::OutputFile f(out);
  if (f.ok()) f.stream() << doc.dump(2) << "\n";
  if (!f.ok() || !f.commit()) {
    std::cerr << fmt::format("syncsim: cannot write {}\n", out);
    return kExitBadInput;
  }
  std::cout << fmt::format("written: {} (syncsim run {})\n", out, out);
  return kExitOk;
}

}  // namespace syncsim::cli
