#include "sim/explore/found_case.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/explore/output_file.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/scenario_writer.hpp"
#include "sim/explore/shrink.hpp"
#include "sim/check/run_world.hpp"
#include "sim/js/js_extension.hpp"
#include "sim/runtime/build_info.hpp"

namespace syncsim::sim {

std::optional<std::string> bundle_fingerprint(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::uint64_t h = 14695981039346656037ull;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) h = (h ^ static_cast<unsigned char>(*it)) * 1099511628211ull;
  return fmt::format("{:016x}", h);
}

FoundCase found_case(const core::StrategyConfig& strategy, const FailureGroup& g) {
  FoundCase c;
  c.strategy = std::string(strategy.name);
  if (strategy.mutation != core::Mutation::None) c.mutant = std::string(core::mutation_name(strategy.mutation));
  if (auto b = js::registered_bundle(strategy.name)) c.extension = ExtensionRef{b->path, bundle_fingerprint(b->path).value_or(""), b->claims};
  c.world = shrink_failure(g, strategy);
  c.name = fmt::format("{}-{}-{}seed{}", c.strategy, g.signature, g.swarm.guided ? "guided-" : "", g.firstSeed);
  c.description = fmt::format(
      "Found by `syncsim check {}{}{}` at {} swarm seed {} ({}), then shrunk to {} review(s) and {} fault(s) "
      "that still violate {}.",
      c.extension ? fmt::format("--extension {} --claims {}", c.extension->bundle, c.extension->claims)
                  : "--strategy " + c.strategy,
      c.mutant.empty() ? "" : " --mutant " + c.mutant,
      g.swarm.flags(), swarm_name(g.swarm.kind), g.firstSeed, g.signature, c.world.sessions->size(), c.world.faults.size(),
      property_name(g.properties.front()));
  return c;
}

void record_expectations(nlohmann::ordered_json& doc, const WorldParams& p, std::string_view strategy,
                         std::string_view mutant) {
  using ojson = nlohmann::ordered_json;
  const auto planted = [&](core::StrategyConfig s) {
    if (!mutant.empty()) s.mutation = core::mutation_by_name(mutant).value_or(core::Mutation::None);
    return s;
  };
  ojson expect = ojson::object();
  for (const auto& base : core::all_strategies()) {
    const auto r = run_world(p, planted(base));
    ojson violated = ojson::array();
    for (auto prop : violated_properties(r.violations)) violated.push_back(std::string(property_name(prop)));
    expect[std::string(base.name)] = ojson{{"violated", violated}};
    if (base.name == strategy) doc["trace_hash"] = format_trace_hash(r.traceHash);
  }
  // A ts: or js: strategy: its own trace hash, for `syncsim replay` (no planted defects there).
  if (!core::strategy_by_name(strategy))
    if (auto s = js::any_strategy(strategy)) doc["trace_hash"] = format_trace_hash(run_world(p, *s).traceHash);
  if (mutant.empty()) doc.erase("mutant");
  else doc["mutant"] = std::string(mutant);
  doc["recorded_by"] = syncsim_build();
  doc["expect"] = expect;
}

nlohmann::ordered_json found_case_json(const FoundCase& c) {
  auto doc = scenario_json(c.name, c.description, c.strategy, c.world);
  if (c.extension)
    doc["extension"] = {{"bundle", c.extension->bundle}, {"hash", c.extension->hash}, {"claims", c.extension->claims}};
  record_expectations(doc, c.world, c.strategy, c.mutant);
  return doc;
}

bool write_found_case(const std::string& path, const FoundCase& c) {
  const std::string text = found_case_json(c).dump(2);
  OutputFile out(path);
  out.stream() << text << "\n";
  return out.ok() && out.commit();
}

}  // namespace syncsim::sim
