#pragma once
// Runs across threads, never inside one: each index is one whole deterministic run. Callers
// store results by index, so what they output does not depend on the number of threads or on
// which thread ran what.
#include <cstddef>
#include <cstdint>
#include <functional>

namespace syncsim::sim {

// Progress of a parallel loop: items finished, items in all (called from the worker threads).
using Progress = std::function<void(std::size_t done, std::size_t total)>;

// The threads parallel_for uses for `n` items: `jobs`, at most `n`, at least 1.
unsigned parallel_jobs(unsigned jobs, std::size_t n);

// Calls body(i) once for every i in [0, n), on parallel_jobs(jobs, n) threads, and returns when
// all are done. body(i) must write only state of its own index. `progress`, if given, is called
// after each item.
void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t i)>& body,
                  const Progress& progress = {});

// Shard `shard` of `shards` runs the indices k of [0, n) with k mod shards == shard: this many,
// the j-th of them being shard + j * shards.
std::uint64_t shard_size(std::uint64_t n, std::uint64_t shard, std::uint64_t shards);

}  // namespace syncsim::sim
