// Options shared by the sweeping commands: which slice of the work this process runs
// (sharding for array-job engines) and where its partial result goes, and which strategies.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "core/mutation.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/sweep.hpp"
#include "sim/js/js_extension.hpp"

namespace syncsim::cli {

namespace {
bool parse_u64(const std::string& s, std::uint64_t& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 18) return false;
  out = std::stoull(s);
  return true;
}
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}
}  // namespace

bool resolve_shard(const std::string& flag, std::uint64_t& shard, std::uint64_t& shards, std::string& error) {
  std::string i, n, source;
  if (!flag.empty()) {
    const auto slash = flag.find('/');
    if (slash == std::string::npos) {
      error = fmt::format("--shard: expected i/N (for example 0/4), found '{}'", flag);
      return false;
    }
    i = flag.substr(0, slash);
    n = flag.substr(slash + 1);
    source = "--shard";
  } else if (env("SLURM_ARRAY_TASK_ID") && env("SLURM_ARRAY_TASK_COUNT")) {
    // Slurm arrays run 0..N-1 when submitted with --array=0-(N-1); SLURM_ARRAY_TASK_MIN is
    // subtracted so other ranges work too.
    std::uint64_t id = 0, min = 0;
    if (!parse_u64(env("SLURM_ARRAY_TASK_ID"), id) || (env("SLURM_ARRAY_TASK_MIN") && !parse_u64(env("SLURM_ARRAY_TASK_MIN"), min)) || id < min) {
      error = "SLURM_ARRAY_TASK_ID: expected a whole number >= SLURM_ARRAY_TASK_MIN";
      return false;
    }
    i = std::to_string(id - min);
    n = env("SLURM_ARRAY_TASK_COUNT");
    source = "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT";
  } else if (env("JOB_COMPLETION_INDEX")) {
    if (!env("SYNCSIM_SHARDS")) {
      error = "JOB_COMPLETION_INDEX is set: expected SYNCSIM_SHARDS (the Job's completions) beside it";
      return false;
    }
    i = env("JOB_COMPLETION_INDEX");
    n = env("SYNCSIM_SHARDS");
    source = "JOB_COMPLETION_INDEX/SYNCSIM_SHARDS";
  } else {
    shard = 0;
    shards = 1;
    return true;
  }
  if (!parse_u64(i, shard) || !parse_u64(n, shards) || shards == 0 || shard >= shards) {
    error = fmt::format("{}: expected a shard index below a positive shard count, found {}/{}", source, i, n);
    return false;
  }
  return true;
}

int write_partial(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards,
                  std::size_t runs, const std::string& json) {
  const std::string path = sim::partial_path(dir, kind, shard, shards);
  if (!sim::write_partial(dir, kind, shard, shards, json)) {
    std::cerr << "syncsim: cannot write " << path << "\n";
    return kExitBadInput;
  }
  std::cout << fmt::format("shard {}/{}: {} runs; partial result {}\n", shard, shards, runs, path);
  return kExitOk;
}

bool partial_dir_usable(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p = fs::path(dir).lexically_normal();
  for (; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
  }
  if (!p.empty() && !fs::is_directory(p, ec)) {
    error = fmt::format("--out: expected a directory for the partial result, but {} is a file", p.string());
    return false;
  }
  return true;
}

std::optional<core::StrategyConfig> resolve_strategy(const std::string& name, const std::string& mutant, const std::string& where) {
  if (!sim::js::any_strategy(name)) {
    std::cerr << "syncsim: " << where << ": expected baseline, approach1, approach2 or hardened"
              << (sim::js::available() ? " (or ts:<one of them>, its TypeScript)" : " (ts: needs a build with SYNCSIM_JS)")
              << ", found '" << name << "'\n";
    return std::nullopt;
  }
  if (!mutant.empty()) {
    const auto m = core::mutation_by_name(mutant);
    if (!m || *m == core::Mutation::None) {
      std::cerr << "syncsim: --mutant: expected a planted defect (" << core::mutation_names() << "), found '" << mutant << "'\n";
      return std::nullopt;
    }
  }
  auto s = sim::sweep_strategy(name, mutant);
  if (!s) std::cerr << "syncsim: --mutant: planted defects exist in the C++ strategies only, found " << name << "\n";
  return s;
}

bool resolve_strategy_list(std::vector<std::string>& names) {
  if (names.empty())
    for (const auto& s : core::all_strategies()) names.emplace_back(s.name);
  for (const auto& s : names)
    if (!sim::js::any_strategy(s)) {
      std::cerr << "syncsim: --strategies: expected baseline, approach1, approach2 or hardened (or ts:NAME in a build with "
                   "SYNCSIM_JS), found '" << s << "'\n";
      return false;
    }
  return true;
}

}  // namespace syncsim::cli
