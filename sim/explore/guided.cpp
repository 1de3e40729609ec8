#include "sim/explore/guided.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/http.hpp"
#include "sim/runtime/clock_time.hpp"
#include "sim/runtime/random.hpp"
#include "sim/world/network.hpp"
#include "sim/world/trace_names.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

namespace {

constexpr std::size_t kReservoir = 16;  // occurrences kept per kind of moment

// The moments a run awaits, by kind, each kind a uniform sample of its occurrences before the
// heal (Vitter's algorithm R). Kinds are keyed (trace kind, detail), ordered, so the draw that
// follows does not depend on anything but the trace.
class AwaitProbe final : public TraceTap {
 public:
  struct Moment {
    TraceRecord rec;
    std::uint16_t endpoint = 0;  // FetchDone: the endpoint the answer is to
  };
  struct Kind {
    std::uint64_t seen = 0;
    std::vector<Moment> sample;
  };

  AwaitProbe(Time from, Time until, Rng rng) : from_(from), until_(until), rng_(rng) {}

  void on(const TraceRecord& r) override {
    if (r.at >= until_) return;
    std::uint32_t key = static_cast<std::uint32_t>(r.kind) << 16;
    std::uint16_t endpoint = 0;
    switch (r.kind) {
      case TraceKind::FetchSend:
        if (sent_.size() <= r.a) sent_.resize(r.a + 1, kNone);
        sent_[r.a] = r.detail;
        return;
      case TraceKind::FetchDone: {
        // The worker's own requests only (a beacon's slot has no FetchSend), each answered once.
        if (r.detail == kDoneDropped || r.a >= sent_.size() || sent_[r.a] == kNone) return;
        endpoint = sent_[r.a];
        sent_[r.a] = kNone;
        key |= static_cast<std::uint32_t>(endpoint) << 4 | r.detail;
        break;
      }
      case TraceKind::WorkerStart: break;
      case TraceKind::HandlerStart:
      case TraceKind::StorageSet:
      case TraceKind::StorageGet:
      case TraceKind::ServerHandled: key |= r.detail; break;
      default: return;
    }
    if (r.at <= from_) return;
    Kind& k = kinds_[key];
    const Moment m{r, endpoint};
    if (k.sample.size() < kReservoir) {
      k.sample.push_back(m);
    } else if (const std::uint64_t j = rng_.below(k.seen + 1); j < kReservoir) {
      k.sample[j] = m;
    }
    ++k.seen;
  }

  const std::map<std::uint32_t, Kind>& kinds() const { return kinds_; }

 private:
  static constexpr std::uint16_t kNone = 0xffff;
  Time from_;
  Time until_;
  Rng rng_;
  std::vector<std::uint16_t> sent_;  // by network slot: the endpoint of the request in it
  std::map<std::uint32_t, Kind> kinds_;
};

std::string moment_name(const AwaitProbe::Moment& m) {
  const TraceRecord& r = m.rec;
  switch (r.kind) {
    case TraceKind::WorkerStart: return "a worker's cold start";
    case TraceKind::HandlerStart: return fmt::format("the {} handler starting", detail_name(r));
    case TraceKind::StorageSet: return fmt::format("a storage.set of {} landing", detail_name(r));
    case TraceKind::StorageGet: return fmt::format("a storage.get of {} answering", detail_name(r));
    case TraceKind::ServerHandled: return fmt::format("the server handling {}", detail_name(r));
    case TraceKind::FetchDone:
      return fmt::format("the answer to {} ({}) reaching the worker", core::endpoint_name(static_cast<core::Endpoint>(m.endpoint)),
                         detail_name(r));
    default: return detail_name(r);
  }
}

Time log_uniform(Rng& rng, Time lo, Time hi) {
  const double x = std::exp(std::log(static_cast<double>(lo)) + rng.uniform01() * (std::log(static_cast<double>(hi)) - std::log(static_cast<double>(lo))));
  return static_cast<Time>(x);
}

// One fault (two for a crash with its in-flight writes lost) at `at`; its description.
std::string place(std::vector<Fault>& faults, Rng& rng, Time at) {
  const double u = rng.uniform01();
  Fault f;
  f.at = at;
  if (u < 0.45) {
    f.kind = FaultKind::WorkerCrash;
    faults.push_back(f);
    return "worker_crash";
  }
  if (u < 0.65) {
    // The loss window first: both start at `at`, in this order, so the crash's in-flight
    // writes are lost.
    Fault loss = f;
    loss.kind = FaultKind::StorageSetLoss;
    loss.duration = 2 * kSecond;
    faults.push_back(loss);
    f.kind = FaultKind::WorkerCrash;
    faults.push_back(f);
    return "worker_crash with in-flight storage sets lost";
  }
  if (u < 0.75) {
    f.kind = FaultKind::BrowserRestart;
    f.duration = log_uniform(rng, kSecond, 10 * kMinute);
    f.alarmsLost = rng.chance(0.5);
    faults.push_back(f);
    return fmt::format("browser_restart for {:.1f} s{}", static_cast<double>(f.duration) / kSecond, f.alarmsLost ? ", alarms lost" : "");
  }
  if (u < 0.85) {
    f.kind = FaultKind::BrowserQuit;
    f.duration = log_uniform(rng, kSecond, 10 * kMinute);
    faults.push_back(f);
    return fmt::format("browser_quit for {:.1f} s", static_cast<double>(f.duration) / kSecond);
  }
  if (u < 0.95) {
    f.kind = FaultKind::DeviceSleep;
    f.duration = log_uniform(rng, 10 * kSecond, 8 * kHour);
    faults.push_back(f);
    return fmt::format("device_sleep for {:.1f} min", static_cast<double>(f.duration) / kMinute);
  }
  f.kind = FaultKind::Offline;
  f.duration = log_uniform(rng, kSecond, 30 * kMinute);
  faults.push_back(f);
  return fmt::format("offline for {:.1f} s", static_cast<double>(f.duration) / kSecond);
}

}  // namespace

GuidedWorld guided_world(const WorldParams& base, std::uint64_t seed, const core::StrategyConfig& strategy) {
  GuidedWorld g{base, {}};
  Rng rng = Rng::stream(seed, "guided");
  Rng probeRng = Rng::stream(seed, "guided-probe");
  const std::uint64_t n = 1 + rng.below(3);
  Time last = -1;
  // Each fault is placed on a probe of the world with the faults before it, at a moment after
  // them: that run is the final one up to the new fault, so every placement is exact (moments
  // drawn from one probe would drift once the first fault changed the run).
  for (std::uint64_t i = 0; i < n; ++i) {
    AwaitProbe probe(last, base.durationMs, probeRng);
    {
      World w(g.world, strategy);
      w.trace.set_tap(&probe);
      w.run();
      w.trace.set_tap(nullptr);
    }
    std::vector<const AwaitProbe::Kind*> kinds;
    for (const auto& [key, k] : probe.kinds()) kinds.push_back(&k);
    if (kinds.empty()) break;  // nothing awaited after the last placement, before the heal
    const AwaitProbe::Kind& k = *kinds[rng.below(kinds.size())];
    const AwaitProbe::Moment& m = k.sample[rng.below(k.sample.size())];
    const Time offset = rng.chance(0.7) ? 0 : rng.between(1, 3);
    const Time at = m.rec.at + offset;
    const std::string what = place(g.world.faults, rng, at);
    g.placements.push_back(fmt::format("{} at {}, {}{}", what, clock_time(at), offset ? fmt::format("{} ms after ", offset) : "as ",
                                       moment_name(m)));
    last = at;
    probeRng = Rng::stream(seed + i + 1, "guided-probe");
  }
  return g;
}

}  // namespace syncsim::sim
