#include "reports/conformance.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace syncsim::reports {

const char* conformance_name(Conformance c) {
  switch (c) {
    case Conformance::Match: return "match";
    case Conformance::Differs: return "differs";
    case Conformance::Explained: return "differs, explained";
    case Conformance::NotModelled: return "not modelled";
    case Conformance::NotMeasured: return "not measured";
  }
  return "?";
}

namespace {

using nlohmann::json;

struct Measured {
  const json* rec = nullptr;
  bool numeric() const { return rec->contains("median"); }
  double lo() const { return rec->at("min").get<double>(); }
  double hi() const { return rec->at("max").get<double>(); }
  const json& value() const { return rec->at("value"); }
  std::string text() const {
    if (numeric()) {
      const auto f = [](const json& v) { return fmt::format("{:g}", v.get<double>()); };
      if (rec->contains("medians")) {  // several runs (merge_conformance)
        std::string medians;
        for (const auto& m : rec->at("medians")) medians += (medians.empty() ? "" : ", ") + f(m);
        return fmt::format("{}-{} (medians {}; n={} in {} runs)", f(rec->at("min")), f(rec->at("max")), medians,
                           rec->value("repetitions", 0), rec->at("medians").size());
      }
      return fmt::format("{}-{} (median {}, n={})", f(rec->at("min")), f(rec->at("max")), f(rec->at("median")),
                         rec->value("repetitions", 0));
    }
    const json& v = rec->at("value");
    if (v.is_string() && v.get<std::string>() == "mixed") return "mixed: " + rec->at("values").dump();
    return v.is_string() ? v.get<std::string>() : v.dump();
  }
};

// A numeric model value matches when it lies in the measured range widened by 20 % (latencies
// vary by tens of ms between runs).
Conformance within(double model, const Measured& m) {
  return model >= m.lo() * 0.8 && model <= m.hi() * 1.2 ? Conformance::Match : Conformance::Differs;
}
// A model range [a, b] matches when it covers the measured range (widened by 20 %) and is not
// much wider than it: a model far wider than the browser would hide interleavings it never has.
Conformance covers(double a, double b, const Measured& m) {
  const bool covered = a <= m.lo() * 1.2 && b >= m.hi() * 0.8;
  const bool tight = b <= 2 * m.hi() + 1 && a >= m.lo() / 2 - 1;
  return covered && tight ? Conformance::Match : Conformance::Differs;
}
Conformance same_bool(bool model, const Measured& m) {
  return m.value().is_boolean() && m.value().get<bool>() == model ? Conformance::Match : Conformance::Differs;
}

struct Rule {
  std::string model;
  std::function<Conformance(const Measured&)> judge;
  std::string note;  // said when the verdict is not a plain match
};

std::map<std::string, Rule> rules(const sim::BrowserParams& b) {
  const auto ms = [](sim::Time t) { return fmt::format("{} ms", t); };
  const auto explained = [](const Measured&) { return Conformance::Explained; };
  const auto notModelled = [](const Measured&) { return Conformance::NotModelled; };
  const double idle = static_cast<double>(b.idleTimeoutMs);
  const auto range = [&](sim::Time lo, sim::Time hi) { return fmt::format("U[{}, {}]", ms(lo), ms(hi)); };
  const double startLo = static_cast<double>(b.workerStartMinMs);
  const double startHi = static_cast<double>(b.workerStartMaxMs);
  return {
      {"extension_loads", {"n/a", notModelled, "the suite's own precondition"}},
      {"idle_timeout_ms", {ms(b.idleTimeoutMs), [=](const Measured& m) { return within(idle, m); }, ""}},
      {"resets.event", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"resets.api_call", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"resets.fetch", {"false", [](const Measured& m) { return same_bool(false, m); }, ""}},
      {"resets.set_timeout", {"false (the ported code sets no timers)", [](const Measured& m) { return same_bool(false, m); }, ""}},
      {"resets.pending_fetch", {"false", [](const Measured& m) { return same_bool(false, m); }, ""}},
      {"hard_limit",
       {fmt::format("one listener run over {} is killed", ms(b.hardLimitMs)), explained,
        "the probe's work ran after its listener returned, which the model does not limit either; the 5-minute "
        "rule applies to one listener run, and no listener of the ported code runs that long outside a hung fetch"}},
      {"fetch_response_limit",
       {b.fetchResponseLimitMs > 0 ? fmt::format("a fetch unanswered for {} kills the worker", ms(b.fetchResponseLimitMs))
                                   : std::string("none: only the idle timeout ends a hung fetch (fetch does not reset it)"),
        [=](const Measured& m) {
          const bool completed = m.value().is_string() && m.value().get<std::string>() == "completed";
          return completed == (b.fetchResponseLimitMs == 0) ? Conformance::Match : Conformance::Differs;
        },
        "Chromium let a 45 s fetch complete while API calls kept the worker active"}},
      {"cold_start_ms",
       {range(b.workerStartMinMs, b.workerStartMaxMs), [=](const Measured& m) { return covers(startLo, startHi, m); },
        ""}},
      {"alarm_min_period_ms",
       {ms(b.alarmMinPeriodMs), explained,
        "an unpacked extension gets no 30 s floor; the model is a store-installed extension's, which Chrome's "
        "documentation gives a 30 s minimum"}},
      // The model's U(0, L] must cover what was measured without being much wider.
      {"alarm_lateness_running_ms",
       {fmt::format("U(0, {}]", ms(b.alarmMaxLatenessMs)),
        [=](const Measured& m) {
          const double late = static_cast<double>(b.alarmMaxLatenessMs);
          return m.hi() <= late * 1.2 && late <= 2 * m.hi() + 1 ? Conformance::Match : Conformance::Differs;
        },
        "measured lateness is a few ms"}},
      {"alarm_lateness_cold_ms",
       {fmt::format("U(0, {}] plus the {} cold start", ms(b.alarmMaxLatenessMs), range(b.workerStartMinMs, b.workerStartMaxMs)),
        [=](const Measured& m) { return covers(startLo, startHi + static_cast<double>(b.alarmMaxLatenessMs), m); },
        "a cold start plus the running lateness"}},
      {"alarm_wakes_stopped_worker", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"alarm_persists_worker_termination", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"alarm_persists_browser_restart",
       {"kept unless the browser_restart fault says alarms_lost", explained,
        "Chromium re-installs a command-line-loaded extension on every launch, which drops its alarms; a "
        "store-installed extension is not re-installed. Unmeasured here for a packed extension"}},
      {"storage_persists_worker", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"storage_persists_browser_restart", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"storage_set_100b_ms",
       {range(b.storageLatencyMinMs, b.storageLatencyMaxMs),
        [=](const Measured& m) {
          return covers(static_cast<double>(b.storageLatencyMinMs), static_cast<double>(b.storageLatencyMaxMs), m);
        },
        "virtual time counts whole milliseconds: 0 ms is a completion in the next event"}},
      {"storage_get_100b_ms",
       {range(b.storageLatencyMinMs, b.storageLatencyMaxMs),
        [=](const Measured& m) {
          return covers(static_cast<double>(b.storageLatencyMinMs), static_cast<double>(b.storageLatencyMaxMs), m);
        },
        "as storage_set_100b_ms"}},
      {"storage_set_1mib_ms",
       {"same as 100 B (size-independent)", notModelled,
        "the plan's values stay far below 1 MiB (a day's queue is a few KiB)"}},
      {"tab_removed_wakes_worker", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"tab_removed_wake_latency_ms",
       {fmt::format("{} (onRemoved {} after the close, then the {} cold start)",
                    range(b.tabRemovedDelayMinMs + b.workerStartMinMs, b.tabRemovedDelayMaxMs + b.workerStartMaxMs),
                    range(b.tabRemovedDelayMinMs, b.tabRemovedDelayMaxMs), range(b.workerStartMinMs, b.workerStartMaxMs)),
        [=](const Measured& m) {
          return covers(static_cast<double>(b.tabRemovedDelayMinMs) + startLo,
                        static_cast<double>(b.tabRemovedDelayMaxMs) + startHi, m);
        },
        "the tab's own teardown comes first"}},
      {"pagehide_beacon_origin",
       {"the page's origin",
        [](const Measured& m) {
          return m.value().is_object() && m.value().value("same_origin_as_page", false) ? Conformance::Match
                                                                                        : Conformance::Differs;
        },
        ""}},
      {"graceful_close_delivers_on_removed",
       {"to a running worker, not to a stopped one (browser_quit)",
        [](const Measured& m) {
          const json& v = m.rec->at("values");
          return v.size() == 2 && v[0] == false && v[1] == true ? Conformance::Match : Conformance::Differs;
        },
        "measured with the worker stopped, then running, at the close"}},
      {"is_window_closing", {"not passed to the listener", notModelled, "the ported code does not read it"}},
      {"storage_set_during_close_persists",
       {fmt::format("lost (the worker stops {} after the close)", ms(b.quitGraceMs)),
        [](const Measured& m) { return same_bool(false, m); }, ""}},
      {"kill_delivers_on_removed", {"false (browser_restart)", [](const Measured& m) { return same_bool(false, m); }, ""}},
      {"relaunch_on_installed_reason",
       {"none: onStartup fires instead", explained,
        "an unpacked extension is re-installed on every launch (reason \"install\"); a store-installed one gets "
        "onStartup"}},
      {"relaunch_on_startup_fires", {"true", explained, "as relaunch_on_installed_reason"}},
      {"relaunch_alarms_kept", {"kept unless alarms_lost", explained, "as alarm_persists_browser_restart"}},
      {"online_when_backend_down",
       {"true: navigator.onLine follows only the offline fault", [](const Measured& m) { return same_bool(true, m); }, ""}},
  };
}

}  // namespace

namespace {

const json& behaviours_of(const json& doc, std::size_t run) {
  const std::string where = run == 0 ? std::string{} : fmt::format("run {}: ", run + 1);
  if (!doc.is_object() || !doc.contains("behaviours") || !doc["behaviours"].is_array())
    throw std::runtime_error(where + "/behaviours: expected an array of measured behaviours");
  const json& list = doc["behaviours"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& rec = list[i];
    const std::string ptr = fmt::format("{}/behaviours/{}", where, i);
    if (!rec.is_object() || !rec.contains("id") || !rec["id"].is_string())
      throw std::runtime_error(ptr + "/id: expected a string");
    if (!rec.value("measured", false)) continue;
    const bool numeric = rec.contains("median");
    if (numeric) {
      for (const char* k : {"min", "median", "max"})
        if (!rec.contains(k) || !rec[k].is_number()) throw std::runtime_error(ptr + "/" + k + ": expected a number");
    } else if (!rec.contains("value")) {
      throw std::runtime_error(ptr + ": expected min/median/max or a value");
    }
  }
  return list;
}

// The measured ranges of one behaviour over several runs: their union, with each run's median.
json union_of(const std::vector<const json*>& recs) {
  json u = *recs.front();
  json medians = json::array();
  int reps = 0;
  for (const json* r : recs) {
    u["min"] = std::min(u["min"].get<double>(), r->at("min").get<double>());
    u["max"] = std::max(u["max"].get<double>(), r->at("max").get<double>());
    medians.push_back(r->at("median"));
    reps += r->value("repetitions", 0);
  }
  u["medians"] = medians;
  u["repetitions"] = reps;
  return u;
}

Conformance worst(Conformance a, Conformance b) {
  const auto rank = [](Conformance c) {
    switch (c) {
      case Conformance::Differs: return 4;
      case Conformance::Explained: return 3;
      case Conformance::NotModelled: return 2;
      case Conformance::Match: return 1;
      case Conformance::NotMeasured: return 0;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace

std::vector<ConformanceRow> compare_conformance(const std::vector<json>& docs, const sim::BrowserParams& model) {
  if (docs.empty()) throw std::runtime_error("no measurement to compare");
  // Behaviours in the order of their first appearance; per behaviour, the runs that measured it.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const json*>> measuredIn;
  std::map<std::string, const json*> unmeasured;
  for (std::size_t run = 0; run < docs.size(); ++run)
    for (const json& rec : behaviours_of(docs[run], run)) {
      const std::string id = rec["id"].get<std::string>();
      if (!measuredIn.count(id) && !unmeasured.count(id)) order.push_back(id);
      if (rec.value("measured", false)) measuredIn[id].push_back(&rec);
      else unmeasured.emplace(id, &rec);
    }
  const auto table = rules(model);
  std::vector<ConformanceRow> rows;
  for (const std::string& id : order) {
    ConformanceRow row;
    row.id = id;
    const auto rule = table.find(id);
    row.model = rule == table.end() ? "(unknown behaviour)" : rule->second.model;
    const auto m = measuredIn.find(id);
    if (m == measuredIn.end()) {
      row.measured = "—";
      row.verdict = Conformance::NotMeasured;
      row.note = unmeasured.at(id)->value("reason", std::string{});
      rows.push_back(std::move(row));
      continue;
    }
    const auto& recs = m->second;
    if (recs.front()->contains("median")) {
      // A latency is judged against the union of runs: machines under different loads measure
      // different ranges, and the model must cover them all.
      const json u = recs.size() == 1 ? *recs.front() : union_of(recs);
      const Measured mu{&u};
      row.measured = mu.text();
      row.verdict = rule == table.end() ? Conformance::NotModelled : rule->second.judge(mu);
    } else {
      // A behaviour must hold in every run; distinct outcomes are listed.
      row.verdict = Conformance::NotMeasured;
      for (const json* r : recs) {
        const Measured mr{r};
        const std::string text = mr.text();
        if (row.measured.find(text) == std::string::npos) row.measured += (row.measured.empty() ? "" : "; ") + text;
        row.verdict = worst(row.verdict, rule == table.end() ? Conformance::NotModelled : rule->second.judge(mr));
      }
      if (recs.size() > 1) row.measured += fmt::format(" ({} runs)", recs.size());
    }
    if (rule == table.end()) row.note = "a behaviour this version of syncsim has no rule for";
    else if (row.verdict != Conformance::Match) row.note = rule->second.note;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<ConformanceRow> compare_conformance(const json& doc, const sim::BrowserParams& model) {
  return compare_conformance(std::vector<json>{doc}, model);
}

std::string conformance_markdown(const std::vector<json>& docs, const std::vector<ConformanceRow>& rows,
                                 const std::string& previous) {
  std::string md = "# The world model against real Chromium\n\n";
  std::string runs;
  for (const json& doc : docs)
    runs += fmt::format("\n- {}, on {}, {} mode{}", doc.value("chromium", std::string{"an unknown Chromium"}),
                        doc.value("date", std::string{"an unknown date"}), doc.value("mode", std::string{"an unknown"}),
                        doc.contains("machine") && doc["machine"].is_object() && doc["machine"].contains("loadavg_1min_before")
                            ? fmt::format(" (load average {} before the run)", doc["machine"]["loadavg_1min_before"].dump())
                            : std::string{});
  md += fmt::format(
      "Measured by the conformance suite (tests/conformance/, `node tests/conformance/run.mjs --full`) in {} "
      "run{}:{}\n\nCompared with the world's defaults (sim/world/params.hpp) by "
      "`syncsim conformance FILE... --out docs/conformance.md`. A latency is judged against the union of the "
      "runs' ranges; any other behaviour must hold in every run.\n\n",
      docs.size(), docs.size() == 1 ? "" : "s", runs);
  std::map<Conformance, int> counts;
  for (const auto& r : rows) ++counts[r.verdict];
  md += fmt::format("{} behaviours: {} match, {} differ (to fix), {} differ with a stated reason, {} not modelled, "
                    "{} not measured.\n\n",
                    rows.size(), counts[Conformance::Match], counts[Conformance::Differs],
                    counts[Conformance::Explained], counts[Conformance::NotModelled], counts[Conformance::NotMeasured]);
  md += "| behaviour | measured | model | verdict | note |\n|---|---|---|---|---|\n";
  const auto cell = [](std::string s) {
    for (std::size_t p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
    return s;
  };
  for (const auto& r : rows)
    md += fmt::format("| `{}` | {} | {} | {} | {} |\n", r.id, cell(r.measured), cell(r.model), conformance_name(r.verdict),
                      cell(r.note));
  const auto kept = previous.find(kConformanceKeptMarker);
  if (kept != std::string::npos && (kept == 0 || previous[kept - 1] == '\n')) md += "\n" + previous.substr(kept);
  return md;
}

std::string conformance_markdown(const json& doc, const std::vector<ConformanceRow>& rows, const std::string& previous) {
  return conformance_markdown(std::vector<json>{doc}, rows, previous);
}

}  // namespace syncsim::reports
