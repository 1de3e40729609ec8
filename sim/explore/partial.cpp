#include "sim/explore/partial.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "sim/explore/json_check.hpp"
#include "sim/explore/json_input.hpp"
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

std::optional<Partials> parse_partials(const std::vector<std::string>& files, const std::vector<std::string>& texts,
                                       std::string& error) {
  Partials p;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& f = files[i];
    JsonInputError bad;
    auto j = parse_json_input(texts[i], kMaxPartialDepth, bad);
    if (!j) {
      error = fmt::format("{}: {}: expected {}, found {}", f, bad.pointer.empty() ? "/" : bad.pointer, bad.expected, bad.found);
      return std::nullopt;
    }
    if (!j->is_object() || !j->contains("syncsim_partial") || (*j)["syncsim_partial"] != 1) {
      error = f + ": /syncsim_partial: expected a partial result written by `--shard` (syncsim_partial: 1), found something else";
      return std::nullopt;
    }
    const auto kind = j->find("kind");
    if (kind == j->end() || !kind->is_string()) {
      error = f + ": /kind: expected check or report, found " + (kind == j->end() ? "nothing" : JsonCheck::describe(*kind));
      return std::nullopt;
    }
    const std::string k = kind->get<std::string>();
    if (!p.kind.empty() && k != p.kind) {
      error = fmt::format("{}: /kind: expected {} like {}, found {}", f, p.kind, files[0], k);
      return std::nullopt;
    }
    p.kind = k;
    p.files.push_back(f);
    p.docs.push_back(std::move(*j));
  }
  return p;
}

std::optional<Partials> read_partials(const std::vector<std::string>& files, std::string& error) {
  std::vector<std::string> texts(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    JsonInputError bad;
    if (!read_input_file(files[i], kMaxPartialBytes, texts[i], bad)) {
      error = fmt::format("{}: expected {} (a partial result), found {}", files[i], bad.expected, bad.found);
      return std::nullopt;
    }
  }
  return parse_partials(files, texts, error);
}

bool claim_shards(const Partials& p, std::vector<std::uint64_t>& shardOf, std::string& error) {
  // Every shard once: N files for N shards, so nothing is sized by a number in a file.
  const std::uint64_t n = p.docs.size();
  std::vector<char> seen(n, 0);
  shardOf.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    JsonCheck c(p.files[i]);
    const auto& d = p.docs[i];
    if (!d.is_object() || !d.contains("shard") || !d.contains("shards")) {
      error = fmt::format("{}: /{}: expected a shard i/N, found nothing", p.files[i], d.contains("shard") ? "shards" : "shard");
      return false;
    }
    if (!c.uint(p.docs[i]["shards"], "/shards", n, n)) {
      error = c.error + fmt::format(" ({} file(s) given: one per shard)", n);
      return false;
    }
    if (!c.uint(p.docs[i]["shard"], "/shard", 0, n - 1)) {
      error = c.error;
      return false;
    }
    const auto k = p.docs[i]["shard"].get<std::uint64_t>();
    if (seen[k]++) {
      error = fmt::format("{}: /shard: expected each shard in 0..{} once, found shard {} again", p.files[i], n - 1, k);
      return false;
    }
    shardOf[i] = k;
  }
  return true;
}

nlohmann::ordered_json check_partial_json(const Sweep& s, const std::string& version) {
  const SweepOptions& o = s.options;
  nlohmann::ordered_json part = partial_header("check");
  part["version"] = version;
  part["strategy"] = o.strategy;
  part["mutant"] = o.mutant;
  part["swarm"] = std::string(swarm_name(o.swarm.kind));
  part["idempotency"] = o.swarm.idempotency ? std::string(idempotency_name(*o.swarm.idempotency)) : "";
  part["search"] = std::string(search_name(o.swarm.guided));
  part["from"] = o.from;
  part["seeds"] = o.seeds;
  part["shard"] = o.shard;
  part["shards"] = o.shards;
  part["runs"] = s.ran;
  nlohmann::ordered_json failing = nlohmann::ordered_json::object();
  for (const auto& [k, props] : s.violated)
    if (k % o.shards == o.shard && !props.empty()) {
      nlohmann::ordered_json v = nlohmann::ordered_json::array();
      for (auto p : props) v.push_back(std::string(property_name(p)));
      failing[std::to_string(k)] = v;
    }
  part["failing_runs"] = failing.size();
  part["failing"] = failing;
  return part;
}

namespace {

// A canonical decimal index: digits, no leading zero, no more than a u64 holds.
std::optional<std::uint64_t> index_key(const std::string& key) {
  if (key.empty() || key.size() > 20 || key.find_first_not_of("0123456789") != std::string::npos || (key.size() > 1 && key[0] == '0'))
    return std::nullopt;
  std::uint64_t v = 0;
  for (char c : key) {
    if (v > (UINT64_MAX - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// One check partial against the schema (sim/explore/partial.hpp), and against the first file.
bool check_one(const Partials& p, std::size_t i, const std::string& version, std::string& error) {
  const auto& d = p.docs[i];
  JsonCheck c(p.files[i]);
  auto done = [&] {
    error = c.error;
    return c.ok();
  };
  if (!c.object(d, "", {"syncsim_partial", "kind", "version", "strategy", "mutant", "swarm", "idempotency", "search", "from", "seeds",
                        "shard", "shards", "runs", "failing_runs", "failing"}))
    return done();
  if (!c.string(d["version"], "/version") || !c.string(d["strategy"], "/strategy") || !c.string(d["mutant"], "/mutant") || !c.string(d["swarm"], "/swarm") || !c.string(d["idempotency"], "/idempotency") || !c.string(d["search"], "/search") ||
      !c.uint(d["seeds"], "/seeds", 1, kMaxSweepSeeds) || !c.uint(d["from"], "/from", 0, UINT64_MAX))
    return done();
  if (d["version"] != version) return c.fail("/version", version + " (this binary's version)", JsonCheck::describe(d["version"])), done();
  if (!sweep_strategy(d["strategy"].get<std::string>(), d["mutant"].get<std::string>()))
    return c.fail("/strategy", "a strategy this binary has (with /mutant a planted defect, or \"\")", JsonCheck::describe(d["strategy"])), done();
  if (!swarm_by_name(d["swarm"].get<std::string>()))
    return c.fail("/swarm", fmt::format("a swarm: {}", kSwarmNames), JsonCheck::describe(d["swarm"])), done();
  if (d["idempotency"] != "" && !idempotency_by_name(d["idempotency"].get<std::string>()))
    return c.fail("/idempotency", fmt::format("\"\" or a mode: {}", kIdempotencyNames), JsonCheck::describe(d["idempotency"])), done();
  if (!search_by_name(d["search"].get<std::string>()))
    return c.fail("/search", fmt::format("a search: {}", kSearchNames), JsonCheck::describe(d["search"])), done();
  const auto seeds = d["seeds"].get<std::uint64_t>();
  const auto from = d["from"].get<std::uint64_t>();
  if (from > UINT64_MAX - (seeds - 1)) return c.fail("/from", "a first seed whose last seed (from + seeds - 1) fits 64 bits", JsonCheck::describe(d["from"])), done();
  const auto& first = p.docs[0];
  for (const char* k : {"strategy", "mutant", "swarm", "idempotency", "search", "from", "seeds"})
    if (i > 0 && d[k] != first[k])
      return c.fail(std::string("/") + k, fmt::format("{} as in {} (shards of one check)", first[k].dump(), p.files[0]), JsonCheck::describe(d[k])), done();
  const auto shard = d["shard"].get<std::uint64_t>(), shards = d["shards"].get<std::uint64_t>();
  const std::uint64_t runs = shard_size(seeds, shard, shards);
  if (!c.uint(d["runs"], "/runs", runs, runs)) return done();
  const auto& failing = d["failing"];
  if (!failing.is_object()) return c.fail("/failing", "an object: run index -> properties violated", JsonCheck::describe(failing)), done();
  for (auto it = failing.begin(); it != failing.end(); ++it) {
    const std::string ptr = "/failing/" + pointer_token(it.key());
    const auto k = index_key(it.key());
    if (!k || *k >= seeds || *k % shards != shard)
      return c.fail(ptr, fmt::format("a run index of this shard: k < {} with k mod {} = {}", seeds, shards, shard), "\"" + it.key() + "\""), done();
    const auto& props = it.value();
    if (!c.array(props, ptr, 1, kAllProperties.size())) return done();
    int last = 0;
    for (std::size_t j = 0; j < props.size(); ++j) {
      const auto prop = props[j].is_string() ? property_by_name(props[j].get<std::string>()) : std::nullopt;
      if (!prop || static_cast<int>(*prop) <= last)
        return c.fail(fmt::format("{}/{}", ptr, j), "a property name, each once, in property order", JsonCheck::describe(props[j])), done();
      last = static_cast<int>(*prop);
    }
  }
  // Distinct indices of this shard, so at most `runs` of them; the count catches a list cut short.
  if (!c.uint(d["failing_runs"], "/failing_runs", failing.size(), failing.size())) return done();
  return done();
}

}  // namespace

std::optional<Sweep> merge_check_partials(const Partials& p, const std::string& version, std::string& error) {
  if (p.docs.empty()) {
    error = "merge: expected at least one partial result";
    return std::nullopt;
  }
  std::vector<std::uint64_t> shardOf;
  if (!claim_shards(p, shardOf, error)) return std::nullopt;
  for (std::size_t i = 0; i < p.docs.size(); ++i)
    if (!check_one(p, i, version, error)) return std::nullopt;
  // Everything is valid: now read.
  const auto& first = p.docs.front();
  SweepOptions o;
  o.strategy = first["strategy"].get<std::string>();
  o.mutant = first["mutant"].get<std::string>();
  o.swarm.kind = *swarm_by_name(first["swarm"].get<std::string>());
  o.swarm.idempotency = idempotency_by_name(first["idempotency"].get<std::string>());
  o.swarm.guided = *search_by_name(first["search"].get<std::string>());
  o.from = first["from"].get<std::uint64_t>();
  o.seeds = first["seeds"].get<std::uint64_t>();
  Sweep s{o, {}, o.seeds};
  for (const auto& d : p.docs)
    for (auto it = d["failing"].begin(); it != d["failing"].end(); ++it) {
      std::vector<Property> props;
      for (const auto& name : it.value()) props.push_back(*property_by_name(name.get<std::string>()));
      s.violated.emplace(*index_key(it.key()), std::move(props));
    }
  return s;
}

}  // namespace syncsim::sim
