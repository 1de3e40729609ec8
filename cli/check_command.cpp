// syncsim check: swarm exploration over many seeds, with a minimised replay file for each
// distinct failure. Output is identical whatever --jobs is (results are ordered by seed).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "commands.hpp"
#include "reports/output_file.hpp"
#include "reports/summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/js/js_extension.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_writer.hpp"
#include "sim/swarm.hpp"

namespace syncsim::cli {

namespace {
struct SeedResult {
  std::vector<sim::Property> violated;
};

std::optional<core::StrategyConfig> resolve_strategy(const std::string& name, const std::string& mutant) {
  auto strategy = sim::js::any_strategy(name);
  if (!strategy) {
    std::cerr << "syncsim: --strategy: expected baseline, approach1, approach2 or hardened (or ts:<one of them>, its "
                 "TypeScript), found '"
              << name << "'\n";
    return std::nullopt;
  }
  if (!mutant.empty() && strategy->makeExtension == &sim::js::make_js_extension) {
    std::cerr << "syncsim: --mutant: planted defects exist in the C++ strategies only\n";
    return std::nullopt;
  }
  if (!mutant.empty()) {
    auto m = core::mutation_by_name(mutant);
    if (!m) {
      std::cerr << "syncsim: --mutant: expected a planted defect name, found '" << mutant << "'\n";
      return std::nullopt;
    }
    strategy->mutation = *m;
  }
  return strategy;
}

std::string signature(const std::vector<sim::Property>& ps) {
  std::string s;
  for (auto p : ps) {
    if (!s.empty()) s += '+';
    s += sim::property_name(p);
  }
  return s;
}

// Writes a found case with its expectations for every strategy and its trace hash.
bool write_case(const std::string& path, const std::string& name, const std::string& description,
                const std::string& strategy, const sim::WorldParams& p) {
  auto doc = sim::scenario_json(name, description, strategy, p);
  nlohmann::ordered_json expect = nlohmann::ordered_json::object();
  for (const auto& s : core::all_strategies()) {
    const auto r = sim::run_world(p, s);
    nlohmann::ordered_json v = nlohmann::ordered_json::array();
    for (auto prop : sim::violated_properties(r.violations)) v.push_back(std::string(sim::property_name(prop)));
    expect[std::string(s.name)] = {{"violated", v}};
    if (s.name == strategy) doc["trace_hash"] = reports::hash_hex(r.traceHash);
  }
  doc["expect"] = expect;
  reports::OutputFile out(path);
  out.stream() << doc.dump(2) << "\n";
  return out.ok() && out.commit();
}
// The summary and the shrunk replay files: the same for a whole run and for merged shards.
int finish_check(const CheckOptions& o, const core::StrategyConfig& strategyCfg, const std::vector<SeedResult>& results) {
  const auto* strategy = &strategyCfg;
  const std::uint64_t n = results.size();
  // Summary, in seed order.
  std::map<std::string, std::uint64_t> byProperty;
  struct Distinct {
    std::uint64_t firstSeed;
    std::uint64_t runs = 0;
    std::vector<sim::Property> props;
  };
  std::map<std::string, Distinct> distinct;
  std::uint64_t failing = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto& v = results[i].violated;
    if (v.empty()) continue;
    ++failing;
    for (auto p : v) ++byProperty[std::string(sim::property_name(p))];
    auto [it, fresh] = distinct.try_emplace(signature(v), Distinct{o.from + i, 0, v});
    ++it->second.runs;
  }

  // A minimised replay file for each distinct failure.
  std::string outDir = o.outDir.empty() ? "out/check-" + o.strategy : o.outDir;
  std::map<std::string, std::string> files;
  if (!distinct.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) {
      std::cerr << "syncsim: --out: cannot create " << outDir << ": " << ec.message() << "\n";
      return kExitBadInput;
    }
    for (const auto& [sig, d] : distinct) {
      const sim::WorldParams small = sim::shrink(sim::swarm_world(d.firstSeed), *strategy, d.props.front());
      const std::string name = fmt::format("{}-{}-seed{}", o.strategy, sig, d.firstSeed);
      const std::string path = outDir + "/" + name + ".json";
      const std::string desc = fmt::format(
          "Found by `syncsim check --strategy {}` at swarm seed {} ({}), then shrunk to {} review(s) and {} fault(s) "
          "that still violate {}.",
          o.strategy, d.firstSeed, sig, small.sessions->size(), small.faults.size(), sim::property_name(d.props.front()));
      if (!write_case(path, name, desc, o.strategy, small)) {
        std::cerr << "syncsim: cannot write " << path << "\n";
        return kExitBadInput;
      }
      files[sig] = path;
    }
  }

  if (o.json) {
    nlohmann::ordered_json j;
    j["strategy"] = o.strategy;
    if (!o.mutant.empty()) j["mutant"] = o.mutant;
    j["from"] = o.from;
    j["seeds"] = n;
    j["runs_with_violations"] = failing;
    j["violations_by_property"] = byProperty;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [sig, d] : distinct)
      list.push_back({{"properties", sig}, {"runs", d.runs}, {"first_seed", d.firstSeed}, {"replay_file", files[sig]}});
    j["distinct_failures"] = list;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("check: strategy {}{}, swarm seeds {}..{}: {} runs, {} with a violation\n", o.strategy,
                             o.mutant.empty() ? "" : " (mutant " + o.mutant + ")", o.from, o.from + n - 1, n, failing);
    for (const auto& [p, c] : byProperty) std::cout << fmt::format("  {:<22} {} runs\n", p, c);
    std::cout << fmt::format("distinct failures: {}\n", distinct.size());
    for (const auto& [sig, d] : distinct)
      std::cout << fmt::format("  {} ({} runs, first at seed {})\n    replay: syncsim replay {}\n", sig, d.runs, d.firstSeed,
                               files[sig]);
  }
  return failing ? kExitViolation : kExitOk;
}

}  // namespace

int check_command(const CheckOptions& o) {
  auto strategy = resolve_strategy(o.strategy, o.mutant);
  if (!strategy) return kExitBadInput;
  const std::uint64_t n = o.seeds;
  // This shard's seeds: index k of [0, n) with k mod shards == shard.
  std::vector<std::uint64_t> mine;
  for (std::uint64_t k = o.shard; k < n; k += o.shards) mine.push_back(k);
  std::vector<SeedResult> results(n);
  std::atomic<std::uint64_t> next{0}, done{0};
  const bool progress = isatty(STDERR_FILENO) && !o.json;
  const auto t0 = std::chrono::steady_clock::now();  // for the human-readable timing only
  auto worker = [&] {
    for (std::uint64_t j; (j = next.fetch_add(1)) < mine.size();) {
      const std::uint64_t i = mine[j];
      const sim::RunResult r = sim::run_world(sim::swarm_world(o.from + i), *strategy);
      results[i].violated = sim::violated_properties(r.violations);
      const auto d = done.fetch_add(1) + 1;
      if (progress && (d % 256 == 0 || d == mine.size())) std::cerr << fmt::format("\rsyncsim check: {}/{} seeds", d, mine.size()) << std::flush;
    }
  };
  const unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs, static_cast<unsigned>(std::max<std::size_t>(mine.size(), 1))));
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (progress) std::cerr << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << fmt::format("syncsim check: {} seeds in {:.1f} s on {} job(s)\n", mine.size(), seconds, jobs);

  if (o.shards > 1) {
    // A partial result for `syncsim merge`: the options and this shard's failing seeds.
    nlohmann::ordered_json part;
    part["syncsim_partial"] = 1;
    part["kind"] = "check";
    part["strategy"] = o.strategy;
    part["mutant"] = o.mutant;
    part["from"] = o.from;
    part["seeds"] = n;
    part["shard"] = o.shard;
    part["shards"] = o.shards;
    nlohmann::ordered_json failing = nlohmann::ordered_json::object();
    for (std::uint64_t k : mine)
      if (!results[k].violated.empty()) {
        nlohmann::ordered_json v = nlohmann::ordered_json::array();
        for (auto p : results[k].violated) v.push_back(std::string(sim::property_name(p)));
        failing[std::to_string(k)] = v;
      }
    part["failing"] = failing;
    const std::string outDir = o.outDir.empty() ? "out/check-" + o.strategy : o.outDir;
    return write_partial(outDir, "check", o.shard, o.shards, mine.size(), part.dump(2));
  }
  return finish_check(o, *strategy, results);
}

int merge_check(const std::vector<nlohmann::json>& parts, const std::vector<std::string>& files, bool json,
                const std::string& outDir) {
  const auto& first = parts.front();
  CheckOptions o;
  o.strategy = first.value("strategy", "");
  o.mutant = first.value("mutant", "");
  o.from = first.value("from", std::uint64_t{1});
  o.seeds = first.value("seeds", std::uint64_t{0});
  o.json = json;
  o.outDir = outDir;
  const std::uint64_t shards = first.value("shards", std::uint64_t{0});
  std::vector<int> seen(shards, 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.value("strategy", "") != o.strategy || p.value("mutant", "") != o.mutant || p.value("from", std::uint64_t{0}) != o.from ||
        p.value("seeds", std::uint64_t{0}) != o.seeds || p.value("shards", std::uint64_t{0}) != shards) {
      std::cerr << "syncsim: " << files[i] << ": expected a shard of the same check as " << files[0]
                << " (strategy, mutant, from, seeds, shards), found another\n";
      return kExitBadInput;
    }
    const auto k = p.value("shard", std::uint64_t{0});
    if (k >= shards || seen[k]++) {
      std::cerr << "syncsim: " << files[i] << ": /shard: expected a shard in 0.." << shards - 1 << " given once, found " << k << "\n";
      return kExitBadInput;
    }
  }
  for (std::uint64_t k = 0; k < shards; ++k)
    if (!seen[k]) {
      std::cerr << "syncsim: merge: expected all " << shards << " shards, shard " << k << " is missing\n";
      return kExitBadInput;
    }
  auto strategy = resolve_strategy(o.strategy, o.mutant);
  if (!strategy) return kExitBadInput;
  std::vector<SeedResult> results(o.seeds);
  for (const auto& p : parts)
    for (auto it = p["failing"].begin(); it != p["failing"].end(); ++it) {
      const auto k = std::stoull(it.key());
      if (k >= o.seeds) continue;
      for (const auto& name : it.value())
        if (auto prop = sim::property_by_name(name.get<std::string>())) results[k].violated.push_back(*prop);
    }
  return finish_check(o, *strategy, results);
}

}  // namespace syncsim::cli
