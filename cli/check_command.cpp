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
#include "sim/scenario.hpp"
#include "sim/scenario_writer.hpp"
#include "sim/swarm.hpp"
#include "sim/world.hpp"

namespace syncsim::cli {

namespace {
struct SeedResult {
  std::vector<sim::Property> violated;
};

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
}  // namespace

int check_command(const CheckOptions& o) {
  auto strategy = core::strategy_by_name(o.strategy);
  if (!strategy) {
    std::cerr << "syncsim: --strategy: expected baseline, approach1, approach2 or hardened, found '" << o.strategy << "'\n";
    return kExitBadInput;
  }
  if (!o.mutant.empty()) {
    auto m = core::mutation_by_name(o.mutant);
    if (!m) {
      std::cerr << "syncsim: --mutant: expected a planted defect name, found '" << o.mutant << "'\n";
      return kExitBadInput;
    }
    strategy->mutation = *m;
  }
  const std::uint64_t n = o.seeds;
  std::vector<SeedResult> results(n);
  std::atomic<std::uint64_t> next{0}, done{0};
  const bool progress = isatty(STDERR_FILENO) && !o.json;
  const auto t0 = std::chrono::steady_clock::now();  // for the human-readable timing only
  auto worker = [&] {
    for (std::uint64_t i; (i = next.fetch_add(1)) < n;) {
      const sim::RunResult r = sim::run_world(sim::swarm_world(o.from + i), *strategy);
      results[i].violated = sim::violated_properties(r.violations);
      const auto d = done.fetch_add(1) + 1;
      if (progress && (d % 256 == 0 || d == n)) std::cerr << fmt::format("\rsyncsim check: {}/{} seeds", d, n) << std::flush;
    }
  };
  const unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs, static_cast<unsigned>(std::max<std::uint64_t>(n, 1))));
  std::vector<std::thread> pool;
  for (unsigned j = 0; j < jobs; ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (progress) std::cerr << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

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
  std::cerr << fmt::format("syncsim check: {} seeds in {:.1f} s on {} job(s)\n", n, seconds, jobs);
  return failing ? kExitViolation : kExitOk;
}

}  // namespace syncsim::cli
