#include "sim/explore/swarm.hpp"

#include <cmath>

#include <fmt/format.h>

#include "sim/explore/guided.hpp"
#include "sim/runtime/random.hpp"

namespace syncsim::sim {

std::string_view swarm_name(SwarmKind k) { return k == SwarmKind::Wide ? "wide" : "classic"; }

std::optional<SwarmKind> swarm_by_name(std::string_view name) {
  if (name == "wide") return SwarmKind::Wide;
  if (name == "classic") return SwarmKind::Classic;
  return std::nullopt;
}

namespace {

WorldParams classic_world(std::uint64_t seed) {
  WorldParams p;
  p.seed = seed;
  Rng rng = Rng::stream(seed, "swarm");
  // Each fault kind is in this run's swarm with probability 0.4, at a rate up to 1.5 per hour
  // (crashes up to 4); some runs also lose packets all day and have a busier user.
  for (int k = 0; k < kClassicFaultKinds; ++k) {
    if (!rng.chance(0.4)) continue;
    const double maxRate = static_cast<FaultKind>(k) == FaultKind::WorkerCrash ? 4.0 : 1.5;
    p.faultRates.perHour[k] = 0.05 + rng.uniform01() * maxRate;
  }
  if (rng.chance(0.3)) p.network.requestLoss = rng.uniform01() * 0.05;
  if (rng.chance(0.3)) p.network.responseLoss = rng.uniform01() * 0.05;
  if (rng.chance(0.2)) p.browser.loseInflightSetOnKill = true;
  if (rng.chance(0.2)) p.user.malformedRate = rng.uniform01() * 0.1;
  if (rng.chance(0.3)) p.user.parallelProbability = 0.2 + rng.uniform01() * 0.7;
  if (rng.chance(0.2)) p.user.sessionsPerDay = 40 + rng.uniform01() * 160;
  return p;
}

// log-uniform in [lo, hi]: every order of magnitude as likely as the next.
double log_uniform(Rng& rng, double lo, double hi) { return lo * std::exp(rng.uniform01() * std::log(hi / lo)); }
Time log_uniform_ms(Rng& rng, Time lo, Time hi) {
  return static_cast<Time>(log_uniform(rng, static_cast<double>(lo), static_cast<double>(hi)));
}

WorldParams wide_world(std::uint64_t seed) {
  WorldParams p;
  p.seed = seed;
  Rng rng = Rng::stream(seed, "swarm-wide");
  // How long: mostly hours to days; one seed in six runs weeks, one in fifty months. Long runs
  // are where storage growth, the quota and token lifetimes show.
  const double len = rng.uniform01();
  p.durationMs = len < 0.45   ? rng.between(1 * kHour, 12 * kHour)
                 : len < 0.83 ? rng.between(12 * kHour, 3 * kDay)
                 : len < 0.98 ? rng.between(3 * kDay, 21 * kDay)
                              : rng.between(21 * kDay, 90 * kDay);

  // Faults: each kind with probability 0.45, its rate log-uniform (crashes up to 300 an hour:
  // storms that hit cold starts and the gaps between two storage writes), its mean duration
  // from seconds to hours.
  for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) {
    if (!rng.chance(0.45)) continue;
    const auto kind = static_cast<FaultKind>(k);
    const double maxRate = kind == FaultKind::WorkerCrash ? 300.0 : 3.0;
    p.faultRates.perHour[k] = log_uniform(rng, 0.02, maxRate);
    if (fault_has_duration(kind)) p.faultRates.meanDurationMs[k] = log_uniform_ms(rng, 5 * kSecond, 6 * kHour);
  }
  // Retry-After from a second to hours.
  if (p.faultRates.perHour[static_cast<int>(FaultKind::RateLimit)] > 0)
    p.faultRates.retryAfterMaxMs = log_uniform_ms(rng, 1 * kSecond, 4 * kHour);
  if (rng.chance(0.4)) p.browser.loseInflightSetOnKill = true;

  // Network: LAN to satellite, and loss all run long.
  if (rng.chance(0.5)) {
    p.network.latencyMedianMs = log_uniform(rng, 2.0, 700.0);
    p.network.latencySigma = 0.2 + rng.uniform01() * 0.8;
  }
  if (rng.chance(0.3)) p.network.requestLoss = rng.uniform01() * 0.1;
  if (rng.chance(0.3)) p.network.responseLoss = rng.uniform01() * 0.1;

  // Backend: every idempotency mode; tokens from minutes to days; random 5xx.
  const double mode = rng.uniform01();
  p.backend.idempotency = mode < 0.7 ? IdempotencyMode::Key : mode < 0.85 ? IdempotencyMode::EndIdempotent : IdempotencyMode::None;
  if (rng.chance(0.4)) p.backend.tokenLifetimeMs = log_uniform_ms(rng, 2 * kMinute, 3 * kDay);
  if (rng.chance(0.2)) p.backend.serverErrorRate = rng.uniform01() * 0.1;

  // Browser: a smaller quota now and then (Chrome gives 10 MB, 5 MB before Chrome 114; down to
  // 1 MB stands for a quota shared with other data), so months of records press on it.
  if (rng.chance(0.2)) p.browser.storageQuotaBytes = static_cast<std::int64_t>(log_uniform(rng, 1024.0 * 1024, 10.0 * 1024 * 1024));

  // The user: a light to a heavy review rate, very short or long reviews, many tabs at once,
  // several reviews of one PR, work spread over the whole day.
  p.user.sessionsPerDay = log_uniform(rng, 5.0, 400.0);
  const double shape = rng.uniform01();
  if (shape < 0.3) {
    p.user.reviewMinMs = rng.between(1 * kSecond, 30 * kSecond);
    p.user.reviewMaxMs = p.user.reviewMinMs + rng.between(0, 2 * kMinute);
  } else if (shape < 0.45) {
    p.user.reviewMaxMs = rng.between(20 * kMinute, 3 * kHour);
  }
  p.user.parallelProbability = rng.uniform01() * 0.95;
  if (rng.chance(0.3)) p.user.repos = static_cast<std::uint32_t>(rng.between(1, 3));
  if (rng.chance(0.2)) p.user.malformedRate = rng.uniform01() * 0.1;
  if (rng.chance(0.3)) p.user.workStartHour = 0, p.user.workEndHour = 24;
  return p;
}

std::string ms(Time t) {
  if (t >= kDay) return fmt::format("{:.1f} d", static_cast<double>(t) / kDay);
  if (t >= kHour) return fmt::format("{:.1f} h", static_cast<double>(t) / kHour);
  if (t >= kMinute) return fmt::format("{:.1f} min", static_cast<double>(t) / kMinute);
  if (t >= kSecond) return fmt::format("{:.1f} s", static_cast<double>(t) / kSecond);
  return fmt::format("{} ms", t);
}

}  // namespace

WorldParams swarm_world(std::uint64_t seed, SwarmKind kind) {
  return kind == SwarmKind::Wide ? wide_world(seed) : classic_world(seed);
}

WorldParams SwarmSpec::world(std::uint64_t seed) const {
  WorldParams p = swarm_world(seed, kind);
  if (idempotency) p.backend.idempotency = *idempotency;
  return p;
}

WorldParams SwarmSpec::world(std::uint64_t seed, const core::StrategyConfig& strategy) const {
  return guided ? guided_world(world(seed), seed, strategy).world : world(seed);
}

std::string SwarmSpec::describe(std::uint64_t seed, const core::StrategyConfig& strategy) const {
  if (!guided) return describe_world(world(seed));
  const GuidedWorld g = guided_world(world(seed), seed, strategy);
  std::string s = describe_world(g.world);
  for (const auto& p : g.placements) s += fmt::format("  guided: {}\n", p);
  return s;
}

std::string SwarmSpec::flags() const {
  std::string f;
  if (kind != SwarmKind::Wide) f += fmt::format(" --swarm {}", swarm_name(kind));
  if (idempotency) f += fmt::format(" --idempotency {}", idempotency_name(*idempotency));
  if (guided) f += " --search guided";
  return f;
}

std::string_view search_name(bool guided) { return guided ? "guided" : "uniform"; }

std::optional<bool> search_by_name(std::string_view name) {
  if (name == "uniform") return false;
  if (name == "guided") return true;
  return std::nullopt;
}

std::string_view idempotency_name(IdempotencyMode m) {
  return m == IdempotencyMode::None ? "none" : m == IdempotencyMode::EndIdempotent ? "end_idempotent" : "key";
}

std::optional<IdempotencyMode> idempotency_by_name(std::string_view name) {
  for (auto m : {IdempotencyMode::None, IdempotencyMode::EndIdempotent, IdempotencyMode::Key})
    if (idempotency_name(m) == name) return m;
  return std::nullopt;
}

std::string describe_world(const WorldParams& p) {
  std::string s = fmt::format("  duration {}, drain {}\n", ms(p.durationMs), ms(p.drainMs));
  s += fmt::format("  network: latency median {:.0f} ms (sigma {:.2f}), request loss {:.1f} %, response loss {:.1f} %\n",
                   p.network.latencyMedianMs, p.network.latencySigma, 100 * p.network.requestLoss, 100 * p.network.responseLoss);
  s += fmt::format("  backend: idempotency {}, token lifetime {}, random 5xx {:.1f} %\n", idempotency_name(p.backend.idempotency),
                   p.backend.tokenLifetimeMs ? ms(p.backend.tokenLifetimeMs) : "unlimited", 100 * p.backend.serverErrorRate);
  s += fmt::format("  browser: storage quota {} KiB, in-flight set lost on kill {}\n", p.browser.storageQuotaBytes / 1024,
                   p.browser.loseInflightSetOnKill ? "yes" : "no");
  s += fmt::format("  user: {:.0f} reviews/day, {} to {} each, parallel {:.2f}, {} repos, malformed {:.1f} %, hours {}-{}\n",
                   p.user.sessionsPerDay, ms(p.user.reviewMinMs), ms(p.user.reviewMaxMs), p.user.parallelProbability,
                   p.user.repos, 100 * p.user.malformedRate, p.user.workStartHour, p.user.workEndHour);
  std::string rates;
  for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) {
    const double r = p.faultRates.perHour[k];
    if (r <= 0) continue;
    const auto kind = static_cast<FaultKind>(k);
    rates += fmt::format("{}{} {:.2f}/h", rates.empty() ? "" : ", ", fault_kind_name(kind), r);
    if (fault_has_duration(kind)) rates += fmt::format(" (mean {})", ms(p.faultRates.meanDurationMs[k]));
    if (kind == FaultKind::RateLimit && p.faultRates.retryAfterMaxMs > 0)
      rates += fmt::format(" (Retry-After up to {})", ms(p.faultRates.retryAfterMaxMs));
  }
  s += fmt::format("  faults: {}\n", rates.empty() ? "none drawn" : rates);
  if (!p.faults.empty()) s += fmt::format("  scheduled faults: {}\n", p.faults.size());
  return s;
}

}  // namespace syncsim::sim
