#include "sim/explore/partial.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario.hpp"

namespace syncsim::sim {

std::string partial_path(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards) {
  return fmt::format("{}/partial-{}-{}-of-{}.json", dir, kind, shard, shards);
}

nlohmann::ordered_json partial_header(const std::string& kind) {
  nlohmann::ordered_json part;
  part["syncsim_partial"] = 1;
  part["kind"] = kind;
  return part;
}

bool write_partial(const std::string& dir, const std::string& kind, std::uint64_t shard, std::uint64_t shards,
                   const std::string& json) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  OutputFile out(partial_path(dir, kind, shard, shards));
  out.stream() << json << "\n";
  return !ec && out.ok() && out.commit();
}

std::optional<Partials> read_partials(const std::vector<std::string>& files, std::string& error) {
  Partials p;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      error = f + ": expected a readable partial result, found no such file";
      return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("syncsim_partial", 0) != 1) {
      error = f + ": expected a partial result written by `--shard`, found something else";
      return std::nullopt;
    }
    const std::string k = j.value("kind", "");
    if (!p.kind.empty() && k != p.kind) {
      error = fmt::format("{}: /kind: expected {} like {}, found {}", f, p.kind, files[0], k);
      return std::nullopt;
    }
    p.kind = k;
    p.files.push_back(f);
    p.docs.push_back(std::move(j));
  }
  return p;
}

bool claim_shard(const Partials& p, std::size_t i, std::uint64_t shards, std::vector<int>& seen, std::string& error) {
  const auto k = p.docs[i].value("shard", std::uint64_t{0});
  if (k >= shards || seen[k]++) {
    error = fmt::format("{}: /shard: expected a shard in 0..{} given once, found {}", p.files[i], shards - 1, k);
    return false;
  }
  return true;
}

nlohmann::ordered_json check_partial_json(const Sweep& s) {
  const SweepOptions& o = s.options;
  nlohmann::ordered_json part = partial_header("check");
  part["strategy"] = o.strategy;
  part["mutant"] = o.mutant;
  part["from"] = o.from;
  part["seeds"] = o.seeds;
  part["shard"] = o.shard;
  part["shards"] = o.shards;
  nlohmann::ordered_json failing = nlohmann::ordered_json::object();
  for (std::uint64_t k = o.shard; k < o.seeds; k += o.shards)
    if (!s.violated[k].empty()) {
      nlohmann::ordered_json v = nlohmann::ordered_json::array();
      for (auto p : s.violated[k]) v.push_back(std::string(property_name(p)));
      failing[std::to_string(k)] = v;
    }
  part["failing"] = failing;
  return part;
}

std::optional<Sweep> merge_check_partials(const Partials& p, std::string& error) {
  const auto& first = p.docs.front();
  SweepOptions o;
  o.strategy = first.value("strategy", "");
  o.mutant = first.value("mutant", "");
  o.from = first.value("from", std::uint64_t{1});
  o.seeds = first.value("seeds", std::uint64_t{0});
  const std::uint64_t shards = first.value("shards", std::uint64_t{0});
  std::vector<int> seen(shards, 0);
  for (std::size_t i = 0; i < p.docs.size(); ++i) {
    const auto& d = p.docs[i];
    if (d.value("strategy", "") != o.strategy || d.value("mutant", "") != o.mutant || d.value("from", std::uint64_t{0}) != o.from ||
        d.value("seeds", std::uint64_t{0}) != o.seeds || d.value("shards", std::uint64_t{0}) != shards) {
      error = fmt::format("{}: expected a shard of the same check as {} (strategy, mutant, from, seeds, shards), found another",
                          p.files[i], p.files[0]);
      return std::nullopt;
    }
    if (!claim_shard(p, i, shards, seen, error)) return std::nullopt;
  }
  for (std::uint64_t k = 0; k < shards; ++k)
    if (!seen[k]) {
      error = fmt::format("merge: expected all {} shards, shard {} is missing", shards, k);
      return std::nullopt;
    }
  Sweep s{o, std::vector<std::vector<Property>>(o.seeds), o.seeds};
  for (const auto& d : p.docs) {
    const auto failing = d.find("failing");
    if (failing == d.end()) continue;
    for (auto it = failing->begin(); it != failing->end(); ++it) {
      const auto k = std::stoull(it.key());
      if (k >= o.seeds) continue;
      for (const auto& name : it.value())
        if (auto prop = property_by_name(name.get<std::string>())) s.violated[k].push_back(*prop);
    }
  }
  return s;
}

}  // namespace syncsim::sim
