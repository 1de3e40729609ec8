#include "sim/explore/scenario.hpp"

#include <filesystem>
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "sim/explore/duration.hpp"
#include "sim/explore/json_input.hpp"

namespace syncsim::sim {

using nlohmann::json;

std::string ScenarioError::message() const {
  return fmt::format("{}: {}: expected {}, found {}", file, pointer.empty() ? "/" : pointer, expected, found);
}

namespace {

std::string describe(const json& j) {
  std::string d = j.dump();
  if (d.size() > 60) d = d.substr(0, 57) + "...";
  switch (j.type()) {
    case json::value_t::string: return "the string " + d;
    case json::value_t::boolean: return "the boolean " + d;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + d;
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::null: return "null";
    default: return d;
  }
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  std::vector<ScenarioError> errors;

  void fail(const std::string& ptr, std::string expected, std::string found) {
    errors.push_back({file_, ptr, std::move(expected), std::move(found)});
  }

  // An object whose keys must all be in `allowed`.
  bool object(const json& j, const std::string& ptr, const std::vector<const char*>& allowed) {
    if (!j.is_object()) {
      fail(ptr, "an object", describe(j));
      return false;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || it.key() == a;
      if (!ok) fail(ptr + "/" + it.key(), fmt::format("one of the known fields ({})", join(allowed)), "an unknown field");
    }
    return true;
  }

  void duration(const json& j, const std::string& ptr, Time& out, bool allowZero = false) {
    if (!j.is_string()) return fail(ptr, "a duration string such as \"30s\", \"10m\", \"2h\"", describe(j));
    auto d = parse_duration(j.get<std::string>());
    if (!d)
      return fail(ptr, fmt::format("a duration: digits then ms, s, m, h or d (\"30s\"), at most {}", format_duration(kMaxDuration)),
                  describe(j));
    if (*d < 0 || (!allowZero && *d == 0)) return fail(ptr, allowZero ? "a duration >= 0" : "a duration > 0", describe(j));
    out = *d;
  }

  void number(const json& j, const std::string& ptr, double& out, double lo, double hi) {
    if (!j.is_number()) return fail(ptr, fmt::format("a number in [{}, {}]", lo, hi), describe(j));
    const double v = j.get<double>();
    if (v < lo || v > hi) return fail(ptr, fmt::format("a number in [{}, {}]", lo, hi), describe(j));
    out = v;
  }

  template <class I>
  void integer(const json& j, const std::string& ptr, I& out, std::int64_t lo, std::int64_t hi) {
    if (!j.is_number_integer()) return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
    const auto v = j.get<std::int64_t>();
    if (v < lo || v > hi) return fail(ptr, fmt::format("an integer in [{}, {}]", lo, hi), describe(j));
    out = static_cast<I>(v);
  }

  void boolean(const json& j, const std::string& ptr, bool& out) {
    if (!j.is_boolean()) return fail(ptr, "true or false", describe(j));
    out = j.get<bool>();
  }

  void string(const json& j, const std::string& ptr, std::string& out) {
    if (!j.is_string()) return fail(ptr, "a string", describe(j));
    out = j.get<std::string>();
  }

  static std::string join(const std::vector<const char*>& names) {
    std::string s;
    for (const char* n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
  }

 private:
  std::string file_;
};

// One table entry per settable world parameter: JSON name -> how to read it.
using FieldReader = std::function<void(Reader&, const json&, const std::string&, WorldParams&)>;
struct Field {
  const char* name;
  FieldReader read;
};

FieldReader dur(Time NetworkParams::*m, bool zero = false) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.duration(j, p, w.network.*m, zero); };
}
FieldReader dur(Time BrowserParams::*m, bool zero = false) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.duration(j, p, w.browser.*m, zero); };
}
FieldReader dur(Time UserParams::*m, bool zero = false) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.duration(j, p, w.user.*m, zero); };
}
// One fixed latency for a range U[min, max] (files written before it was a range): both ends.
FieldReader dur_both(Time BrowserParams::*min, Time BrowserParams::*max) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) {
    r.duration(j, p, w.browser.*min, true);
    w.browser.*max = w.browser.*min;
  };
}
// A period the world repeats something at: below `lo` a run is mostly that one event.
template <class S>
FieldReader at_least(Time S::*m, Time lo) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) {
    S& section = [&]() -> S& {
      if constexpr (std::is_same_v<S, BrowserParams>) return w.browser;
      else return w.user;
    }();
    Time v = section.*m;
    r.duration(j, p, v);
    if (v < lo) r.fail(p, fmt::format("a duration >= {} (the smallest interval the format allows)", format_duration(lo)), describe(j));
    else section.*m = v;
  };
}
template <class S>
FieldReader num(S WorldParams::*section, double S::*m, double lo, double hi) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.number(j, p, w.*section.*m, lo, hi); };
}
template <class S, class I>
FieldReader integer(S WorldParams::*section, I S::*m, std::int64_t lo, std::int64_t hi) {
  return [=](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.integer(j, p, w.*section.*m, lo, hi); };
}

const std::vector<Field>& network_fields() {
  static const std::vector<Field> f = {
      {"latency_median_ms", num(&WorldParams::network, &NetworkParams::latencyMedianMs, 1, 60000)},
      {"latency_sigma", num(&WorldParams::network, &NetworkParams::latencySigma, 0, 3)},
      {"request_loss", num(&WorldParams::network, &NetworkParams::requestLoss, 0, 1)},
      {"response_loss", num(&WorldParams::network, &NetworkParams::responseLoss, 0, 1)},
      {"lost_request_error", dur(&NetworkParams::lostRequestErrorMs)},
      {"server_time", dur(&NetworkParams::serverTimeMs, true)},
  };
  return f;
}

const std::vector<Field>& browser_fields() {
  static const std::vector<Field> f = {
      // worker_start / tab_removed_delay: one fixed latency (files written before they were
      // ranges); the _min/_max pairs are the range each is drawn from.
      {"worker_start", dur_both(&BrowserParams::workerStartMinMs, &BrowserParams::workerStartMaxMs)},
      {"worker_start_min", dur(&BrowserParams::workerStartMinMs, true)},
      {"worker_start_max", dur(&BrowserParams::workerStartMaxMs, true)},
      {"idle_timeout", dur(&BrowserParams::idleTimeoutMs)},
      {"hard_limit", dur(&BrowserParams::hardLimitMs)},
      {"fetch_response_limit", dur(&BrowserParams::fetchResponseLimitMs, true)},
      {"storage_latency_min", dur(&BrowserParams::storageLatencyMinMs, true)},
      {"storage_latency_max", dur(&BrowserParams::storageLatencyMaxMs, true)},
      {"lose_inflight_set_on_kill",
       [](Reader& r, const json& j, const std::string& p, WorldParams& w) {
         r.boolean(j, p, w.browser.loseInflightSetOnKill);
       }},
      {"storage_quota_bytes", integer(&WorldParams::browser, &BrowserParams::storageQuotaBytes, 1024, INT64_C(1) << 40)},
      {"alarm_min_period", at_least(&BrowserParams::alarmMinPeriodMs, kMinInterval)},
      {"alarm_max_lateness", dur(&BrowserParams::alarmMaxLatenessMs, true)},
      {"page_teardown", dur(&BrowserParams::pageTeardownMs, true)},
      {"quit_grace", dur(&BrowserParams::quitGraceMs, true)},
      {"message_latency", dur(&BrowserParams::messageLatencyMs, true)},
      {"tab_removed_delay", dur_both(&BrowserParams::tabRemovedDelayMinMs, &BrowserParams::tabRemovedDelayMaxMs)},
      {"tab_removed_delay_min", dur(&BrowserParams::tabRemovedDelayMinMs, true)},
      {"tab_removed_delay_max", dur(&BrowserParams::tabRemovedDelayMaxMs, true)},
      {"beacon_limit_bytes", integer(&WorldParams::browser, &BrowserParams::beaconLimitBytes, 0, INT64_C(1) << 30)},
  };
  return f;
}

const std::vector<Field>& backend_fields() {
  static const std::vector<Field> f = {
      {"idempotency",
       [](Reader& r, const json& j, const std::string& p, WorldParams& w) {
         std::string s;
         r.string(j, p, s);
         if (s == "none") w.backend.idempotency = IdempotencyMode::None;
         else if (s == "end_idempotent") w.backend.idempotency = IdempotencyMode::EndIdempotent;
         else if (s == "key") w.backend.idempotency = IdempotencyMode::Key;
         else if (j.is_string()) r.fail(p, "one of \"none\", \"end_idempotent\", \"key\"", describe(j));
       }},
      {"token_lifetime",
       [](Reader& r, const json& j, const std::string& p, WorldParams& w) { r.duration(j, p, w.backend.tokenLifetimeMs, true); }},
      {"server_error_rate", num(&WorldParams::backend, &BackendParams::serverErrorRate, 0, 1)},
  };
  return f;
}

const std::vector<Field>& user_fields() {
  static const std::vector<Field> f = {
      {"sessions_per_day", num(&WorldParams::user, &UserParams::sessionsPerDay, 0, 100000)},
      {"review_min", dur(&UserParams::reviewMinMs)},
      {"review_max", dur(&UserParams::reviewMaxMs)},
      {"activity_interval", at_least(&UserParams::activityIntervalMs, kMinInterval)},
      {"parallel_probability", num(&WorldParams::user, &UserParams::parallelProbability, 0, 0.95)},
      {"work_start_hour", integer(&WorldParams::user, &UserParams::workStartHour, 0, 23)},
      {"work_end_hour", integer(&WorldParams::user, &UserParams::workEndHour, 1, 24)},
      {"malformed_rate", num(&WorldParams::user, &UserParams::malformedRate, 0, 1)},
      {"repos", integer(&WorldParams::user, &UserParams::repos, 1, 1000000)},
  };
  return f;
}

void read_section(Reader& r, const json& j, const std::string& ptr, const std::vector<Field>& fields, WorldParams& w) {
  if (!j.is_object()) return r.fail(ptr, "an object", describe(j));
  for (auto it = j.begin(); it != j.end(); ++it) {
    const Field* f = nullptr;
    for (const auto& c : fields)
      if (it.key() == c.name) f = &c;
    if (!f) {
      std::string known;
      for (const auto& c : fields) known += (known.empty() ? "" : ", ") + std::string(c.name);
      r.fail(ptr + "/" + it.key(), "one of the known fields (" + known + ")", "an unknown field");
      continue;
    }
    f->read(r, it.value(), ptr + "/" + it.key(), w);
  }
}

void read_sessions(Reader& r, const json& j, const std::string& ptr, WorldParams& w) {
  if (!j.is_array()) return r.fail(ptr, "an array of {\"open\", \"close\"} reviews", describe(j));
  if (j.size() > kMaxSessions)
    return r.fail(ptr, fmt::format("at most {} reviews", kMaxSessions), fmt::format("{} reviews", j.size()));
  std::vector<PlannedSession> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = fmt::format("{}/{}", ptr, i);
    if (!r.object(j[i], p, {"open", "close", "repo", "pr"})) continue;
    PlannedSession s;
    if (!j[i].contains("open") || !j[i].contains("close")) {
      r.fail(p, "both \"open\" and \"close\"", "a review without them");
      continue;
    }
    r.duration(j[i]["open"], p + "/open", s.openAt, true);
    r.duration(j[i]["close"], p + "/close", s.closeAt, true);
    if (s.closeAt <= s.openAt) r.fail(p + "/close", "a time after \"open\"", describe(j[i]["close"]));
    if (j[i].contains("repo")) r.integer(j[i]["repo"], p + "/repo", s.repo, 1, 1000000);
    if (j[i].contains("pr")) r.integer(j[i]["pr"], p + "/pr", s.pr, 0, 1000000000);
    out.push_back(s);
  }
  w.sessions = std::move(out);
}

void read_fault(Reader& r, const json& j, const std::string& ptr, Time duration, std::vector<Fault>& out) {
  if (!r.object(j, ptr, {"kind", "at", "duration", "status", "retry_after", "alarms_lost", "probability"})) return;
  Fault f;
  if (!j.contains("kind")) return r.fail(ptr + "/kind", "a fault kind", "nothing (the field is required)");
  std::string kind;
  r.string(j["kind"], ptr + "/kind", kind);
  auto k = fault_kind_by_name(kind);
  if (!k) {
    std::string known;
    for (int i = 0; i < static_cast<int>(FaultKind::Count_); ++i)
      known += (i ? ", " : "") + std::string(fault_kind_name(static_cast<FaultKind>(i)));
    if (j["kind"].is_string()) r.fail(ptr + "/kind", "one of " + known, describe(j["kind"]));
    return;
  }
  f.kind = *k;
  if (!j.contains("at")) return r.fail(ptr + "/at", "a duration from the start of the run", "nothing (the field is required)");
  r.duration(j["at"], ptr + "/at", f.at, true);
  if (f.at >= duration)
    r.fail(ptr + "/at", fmt::format("a time before the end of the workload ({})", format_duration(duration)),
           describe(j["at"]));
  if (fault_has_duration(f.kind)) {
    if (!j.contains("duration"))
      return r.fail(ptr + "/duration", "a duration (" + kind + " lasts a while)", "nothing (the field is required)");
    r.duration(j["duration"], ptr + "/duration", f.duration);
  } else if (j.contains("duration")) {
    r.fail(ptr + "/duration", "no duration (" + kind + " is instantaneous)", describe(j["duration"]));
  }
  auto only = [&](const char* field, FaultKind owner) {
    if (j.contains(field) && f.kind != owner)
      r.fail(ptr + "/" + field, std::string("no ") + field + " (it belongs to " + std::string(fault_kind_name(owner)) + ")",
             describe(j[field]));
  };
  only("status", FaultKind::ServerErrors);
  only("retry_after", FaultKind::RateLimit);
  only("alarms_lost", FaultKind::BrowserRestart);
  only("probability", FaultKind::PacketLoss);
  if (f.kind == FaultKind::ServerErrors && j.contains("status")) r.integer(j["status"], ptr + "/status", f.status, 500, 599);
  if (f.kind == FaultKind::RateLimit && j.contains("retry_after")) r.duration(j["retry_after"], ptr + "/retry_after", f.retryAfterMs, true);
  if (f.kind == FaultKind::BrowserRestart && j.contains("alarms_lost")) r.boolean(j["alarms_lost"], ptr + "/alarms_lost", f.alarmsLost);
  if (f.kind == FaultKind::PacketLoss && j.contains("probability")) r.number(j["probability"], ptr + "/probability", f.probability, 0, 1);
  out.push_back(f);
}

void read_world(Reader& r, const json& w, const std::string& ptr, WorldParams& params) {
  if (r.object(w, ptr, {"network", "browser", "backend", "user"})) {
    if (w.contains("network")) read_section(r, w["network"], ptr + "/network", network_fields(), params);
    if (w.contains("browser")) read_section(r, w["browser"], ptr + "/browser", browser_fields(), params);
    if (w.contains("backend")) read_section(r, w["backend"], ptr + "/backend", backend_fields(), params);
    if (w.contains("user")) {
      json user = w["user"];
      if (user.is_object() && user.contains("sessions")) {
        read_sessions(r, user["sessions"], ptr + "/user/sessions", params);
        user.erase("sessions");
      }
      read_section(r, user, ptr + "/user", user_fields(), params);
    }
  }
  // Checks across fields; "duration" is read before "world".
  if (params.sessions)
    for (std::size_t i = 0; i < params.sessions->size(); ++i)
      if ((*params.sessions)[i].openAt >= params.durationMs)
        r.fail(fmt::format("{}/user/sessions/{}/open", ptr, i), "a time before the end of the workload",
               format_duration((*params.sessions)[i].openAt));
  const auto& u = params.user;
  if (u.reviewMinMs > u.reviewMaxMs) r.fail(ptr + "/user/review_max", "a duration >= review_min", format_duration(u.reviewMaxMs));
  if (u.workStartHour >= u.workEndHour) r.fail(ptr + "/user/work_end_hour", "an hour after work_start_hour", std::to_string(u.workEndHour));
  const auto& b = params.browser;
  if (b.storageLatencyMinMs > b.storageLatencyMaxMs)
    r.fail(ptr + "/browser/storage_latency_max", "a duration >= storage_latency_min", format_duration(b.storageLatencyMaxMs));
  if (b.workerStartMinMs > b.workerStartMaxMs)
    r.fail(ptr + "/browser/worker_start_max", "a duration >= worker_start_min", format_duration(b.workerStartMaxMs));
  if (b.tabRemovedDelayMinMs > b.tabRemovedDelayMaxMs)
    r.fail(ptr + "/browser/tab_removed_delay_max", "a duration >= tab_removed_delay_min",
           format_duration(b.tabRemovedDelayMaxMs));
}

void read_fault_rates(Reader& r, const json& fr, const std::string& ptr, FaultRates& rates) {
  if (!fr.is_object()) return r.fail(ptr, "an object keyed by fault kind", describe(fr));
  for (auto it = fr.begin(); it != fr.end(); ++it) {
    const std::string p = ptr + "/" + it.key();
    auto k = fault_kind_by_name(it.key());
    if (!k) {
      r.fail(p, "a fault kind (offline, captive_portal, server_errors, ...)", "an unknown fault kind");
      continue;
    }
    if (!r.object(it.value(), p, {"per_hour", "mean_duration", "retry_after_max"})) continue;
    const int ki = static_cast<int>(*k);
    if (!it.value().contains("per_hour")) r.fail(p + "/per_hour", "a rate per hour", "nothing (the field is required)");
    else r.number(it.value()["per_hour"], p + "/per_hour", rates.perHour[ki], 0, 3600);
    if (it.value().contains("mean_duration")) {
      if (!fault_has_duration(*k)) r.fail(p + "/mean_duration", "no duration (instantaneous fault)", describe(it.value()["mean_duration"]));
      else r.duration(it.value()["mean_duration"], p + "/mean_duration", rates.meanDurationMs[ki]);
    }
    if (it.value().contains("retry_after_max")) {
      if (*k != FaultKind::RateLimit) r.fail(p + "/retry_after_max", "only for rate_limit", describe(it.value()["retry_after_max"]));
      else r.duration(it.value()["retry_after_max"], p + "/retry_after_max", rates.retryAfterMaxMs);
    }
  }
}

void read_expect(Reader& r, const json& e, const std::string& ptr, std::map<std::string, std::vector<Property>>& expect) {
  if (!e.is_object()) return r.fail(ptr, "an object keyed by strategy", describe(e));
  for (auto it = e.begin(); it != e.end(); ++it) {
    const std::string p = ptr + "/" + it.key();
    if (!core::strategy_by_name(it.key())) {
      r.fail(p, "a strategy (baseline, approach1, approach2, hardened)", "an unknown strategy");
      continue;
    }
    if (!r.object(it.value(), p, {"violated"})) continue;
    std::vector<Property> props;
    const json& v = it.value().contains("violated") ? it.value()["violated"] : json::array();
    if (!v.is_array()) {
      r.fail(p + "/violated", "an array of property names", describe(v));
      continue;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      auto prop = v[i].is_string() ? property_by_name(v[i].get<std::string>()) : std::nullopt;
      if (!prop) r.fail(fmt::format("{}/violated/{}", p, i), "a property name (no_stuck_in_progress, backoff_bounds, nothing_lost, no_duplicates, deterministic)", describe(v[i]));
      else props.push_back(*prop);
    }
    expect[it.key()] = props;
  }
}

// The top level, one entry per field in the order they are read: a field's checks may use the
// fields above it (faults must start before the end of "duration"). `required` is what a
// missing field should have been; nullptr if it may be left out.
struct TopField {
  const char* name;
  const char* required;
  void (*read)(Reader&, const json&, const std::string&, Scenario&);
};

const std::vector<TopField>& top_fields() {
  static const std::vector<TopField> f = {
      {"version", "1",
       [](Reader& r, const json& j, const std::string& p, Scenario&) {
         if (!j.is_number_integer() || j.get<std::int64_t>() != 1) r.fail(p, "1 (the only format version)", describe(j));
       }},
      {"name", "a name",
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         r.string(j, p, s.name);
         if (j.is_string() && (s.name.empty() || s.name.size() > kMaxNameBytes))
           r.fail(p, fmt::format("a name of 1 to {} bytes", kMaxNameBytes), fmt::format("{} bytes", s.name.size()));
       }},
      {"description", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) { r.string(j, p, s.description); }},
      {"strategy", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         r.string(j, p, s.strategy);
         // ts:NAME and js:FILE are resolved when run (a ts: name needs SYNCSIM_JS, js: an "extension")
         const bool js = s.strategy.starts_with("ts:") || s.strategy.starts_with("js:");
         if (j.is_string() && !core::strategy_by_name(s.strategy) && !js)
           r.fail(p, "baseline, approach1, approach2 or hardened (or ts:NAME, js:FILE)", describe(j));
       }},
      {"seed", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         if (!j.is_number_unsigned()) r.fail(p, "an integer >= 0", describe(j));
         else s.params.seed = j.get<std::uint64_t>();
       }},
      {"duration", "a duration such as \"24h\"",
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         r.duration(j, p, s.params.durationMs);
         if (s.params.durationMs > kMaxRunLength) r.fail(p, "at most " + format_duration(kMaxRunLength), describe(j));
       }},
      {"drain", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         r.duration(j, p, s.params.drainMs, true);
         if (s.params.drainMs > kMaxDrain) r.fail(p, "at most " + format_duration(kMaxDrain), describe(j));
       }},
      {"world", nullptr, [](Reader& r, const json& j, const std::string& p, Scenario& s) { read_world(r, j, p, s.params); }},
      {"faults", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         if (!j.is_array()) return r.fail(p, "an array of faults", describe(j));
         if (j.size() > kMaxFaults) return r.fail(p, fmt::format("at most {} faults", kMaxFaults), fmt::format("{} faults", j.size()));
         for (std::size_t i = 0; i < j.size(); ++i)
           read_fault(r, j[i], fmt::format("{}/{}", p, i), s.params.durationMs, s.params.faults);
       }},
      {"fault_rates", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) { read_fault_rates(r, j, p, s.params.faultRates); }},
      {"expect", nullptr, [](Reader& r, const json& j, const std::string& p, Scenario& s) { read_expect(r, j, p, s.expect); }},
      {"extension", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         if (!r.object(j, p, {"bundle", "hash", "claims"})) return;
         ExtensionRef e;
         for (auto [name, out] : {std::pair{"bundle", &e.bundle}, {"hash", &e.hash}, {"claims", &e.claims}}) {
           if (!j.contains(name)) r.fail(p + "/" + name, "a string", "nothing (the field is required)");
           else r.string(j.at(name), p + "/" + name, *out);
         }
         if (j.contains("hash") && (e.hash.size() != 16 || e.hash.find_first_not_of("0123456789abcdef") != std::string::npos))
           r.fail(p + "/hash", "16 lowercase hex digits", describe(j.at("hash")));
         if (j.contains("claims") && !core::strategy_by_name(e.claims))
           r.fail(p + "/claims", "baseline, approach1, approach2 or hardened", describe(j.at("claims")));
         if (!s.strategy.starts_with("js:")) r.fail("/strategy", "js:<file> beside an \"extension\"", s.strategy);
         s.extension = e;
       }},
      {"mutant", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         // A planted defect (core/mutation.hpp) the run carries: a replay file of `check --mutant`.
         r.string(j, p, s.mutant);
         if (!j.is_string()) return;
         const auto m = core::mutation_by_name(s.mutant);
         if (!m || *m == core::Mutation::None)
           r.fail(p, "a planted defect's name (" + std::string(core::mutation_names()) + ")", describe(j));
       }},
      {"recorded_by", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) { r.string(j, p, s.recordedBy); }},
      {"trace_hash", nullptr,
       [](Reader& r, const json& j, const std::string& p, Scenario& s) {
         std::string h;
         r.string(j, p, h);
         if (!j.is_string()) return;
         if (h.size() != 16 || h.find_first_not_of("0123456789abcdef") != std::string::npos)
           r.fail(p, "16 lowercase hex digits", describe(j));
         else s.traceHash = std::stoull(h, nullptr, 16);
       }},
  };
  return f;
}

const std::vector<const char*>& top_field_names() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> n;
    for (const auto& f : top_fields()) n.push_back(f.name);
    return n;
  }();
  return names;
}

}  // namespace

std::uint64_t estimated_events(const WorldParams& w) {
  // Generous per-thing costs (a review opens, syncs, retries, closes; an activity tick wakes the
  // worker). A strategy's own retries can multiply the events of a workload: over the library
  // the worst run makes 4.6 times this estimate (tests/test_scenarios.cpp bounds it at 8).
  constexpr double kPerReview = 400, kPerTick = 8, kPerFault = 400, kPerPeriod = 8;
  const double runMs = static_cast<double>(w.durationMs) + static_cast<double>(w.drainMs);
  double reviews = 0, ticks = 0;
  if (w.sessions) {
    reviews = static_cast<double>(w.sessions->size());
    for (const auto& s : *w.sessions)
      ticks += static_cast<double>(std::min(s.closeAt, w.durationMs) - std::min(s.openAt, w.durationMs)) /
               static_cast<double>(w.user.activityIntervalMs);
  } else {
    const double days = std::ceil(static_cast<double>(w.durationMs) / static_cast<double>(kDay));
    reviews = w.user.sessionsPerDay * days;
    ticks = reviews * (static_cast<double>(w.user.reviewMaxMs) / static_cast<double>(w.user.activityIntervalMs) + 1);
  }
  double faults = static_cast<double>(w.faults.size());
  for (double perHour : w.faultRates.perHour) faults += perHour * runMs / static_cast<double>(kHour);
  const double periods = runMs / static_cast<double>(w.browser.alarmMinPeriodMs) + runMs / static_cast<double>(5 * kMinute);
  const double e = kPerReview * reviews + kPerTick * ticks + kPerFault * faults + kPerPeriod * periods;
  return e >= 1e19 ? UINT64_MAX : static_cast<std::uint64_t>(e);
}

// Whether any review can open (sim/world/user.cpp): an explicit one before the end, or a day
// whose working window starts before the run ends. A workload with none tests nothing, and
// every property would hold over it.
bool workload_can_review(const WorldParams& w) {
  if (w.sessions) {
    for (const auto& s : *w.sessions)
      if (s.openAt < w.durationMs) return true;
    return false;
  }
  const Time start = static_cast<Time>(w.user.workStartHour) * kHour, end = static_cast<Time>(w.user.workEndHour) * kHour;
  if (end <= start) return false;
  for (Time day = 0; day < w.durationMs; day += kDay)
    if (day + start < w.durationMs) return true;
  return false;
}

std::vector<std::string> scenario_files(const std::string& dir, bool recursive) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  auto take = [&](const fs::path& p) {
    if (p.extension() == ".json") out.push_back(p.string());
  };
  if (recursive) {
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file()) take(it->path());
  } else {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file()) take(it->path());
  }
  std::sort(out.begin(), out.end());  // directory order is not deterministic
  return out;
}

ScenarioLoad parse_scenario(const std::string& text, const std::string& file) {
  Reader r(file);
  Scenario s;
  s.path = file;
  JsonInputError bad;
  auto parsed = parse_json_input(text, kMaxScenarioDepth, bad);
  if (!parsed) r.fail(bad.pointer, bad.expected, bad.found);
  else {
    s.source = std::move(*parsed);
    const json& doc = s.source;
    if (r.object(doc, "", top_field_names()))
      for (const auto& f : top_fields()) {
        const std::string ptr = std::string("/") + f.name;
        if (doc.contains(f.name)) f.read(r, doc.at(f.name), ptr, s);
        else if (f.required) r.fail(ptr, f.required, "nothing (the field is required)");
      }
    if (r.errors.empty() && !workload_can_review(s.params)) {
      const auto& u = s.params.user;
      if (s.params.sessions)
        r.fail("/world/user/sessions", "at least one review that opens before the run's end",
               fmt::format("none opening before {}", format_duration(s.params.durationMs)));
      else
        r.fail("/duration", fmt::format("a workload with at least one review (reviews open between {}:00 and {}:00 of "
                                        "each day: work_start_hour, work_end_hour)", u.workStartHour, u.workEndHour),
               fmt::format("\"{}\" from midnight, in which no review can open", format_duration(s.params.durationMs)));
    }
    // The budget is judged on a document that is otherwise valid (its fields are in range).
    if (r.errors.empty()) {
      const std::uint64_t e = estimated_events(s.params);
      if (e > kMaxEstimatedEvents)
        r.fail("", fmt::format("a run of at most {} events (estimated from duration, drain, reviews, activity_interval, "
                               "alarm_min_period and faults)",
                               kMaxEstimatedEvents),
               fmt::format("about {} events", e));
    }
  }
  ScenarioLoad out;
  out.errors = std::move(r.errors);
  if (out.errors.empty()) out.scenario = std::move(s);
  return out;
}

ScenarioLoad load_scenario(const std::string& path) {
  std::string text;
  JsonInputError bad;
  if (!read_input_file(path, kMaxScenarioBytes, text, bad)) {
    ScenarioLoad out;
    out.errors.push_back({path, bad.pointer, bad.expected, bad.found});
    return out;
  }
  return parse_scenario(text, path);
}

}  // namespace syncsim::sim

namespace syncsim::sim {

std::vector<Property> violated_properties(const std::vector<Violation>& v) {
  std::vector<Property> out;
  for (auto p : kAllProperties)
    for (const auto& x : v)
      if (x.property == p) {
        out.push_back(p);
        break;
      }
  return out;
}

bool matches_expectation(const Scenario& s, const std::string& strategy, const std::vector<Violation>& v,
                         std::string& why) {
  auto it = s.expect.find(strategy);
  if (it == s.expect.end()) return true;
  std::vector<Property> want = it->second;
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  std::vector<Property> got = violated_properties(v);
  std::sort(got.begin(), got.end());
  if (want == got) return true;
  auto names = [](const std::vector<Property>& ps) {
    std::string n;
    for (auto p : ps) n += (n.empty() ? "" : ", ") + std::string(property_name(p));
    return n.empty() ? std::string("none") : n;
  };
  why = fmt::format("expected violated: {}; got: {}", names(want), names(got));
  return false;
}

}  // namespace syncsim::sim
