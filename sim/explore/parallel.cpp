#include "sim/explore/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace syncsim::sim {

unsigned parallel_jobs(unsigned jobs, std::size_t n) {
  return std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(n, 1))));
}

void parallel_for(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& body,
                  const Progress& progress) {
  std::atomic<std::size_t> next{0}, finished{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      body(i);
      const std::size_t d = finished.fetch_add(1) + 1;
      if (progress) progress(d, n);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < parallel_jobs(jobs, n); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
}

std::uint64_t shard_size(std::uint64_t n, std::uint64_t shard, std::uint64_t shards) {
  return shard < n ? (n - shard - 1) / shards + 1 : 0;
}

}  // namespace syncsim::sim
