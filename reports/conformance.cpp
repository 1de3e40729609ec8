#include "reports/conformance.hpp"

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
      {"cold_start_ms", {ms(b.workerStartMs), [=](const Measured& m) { return within(static_cast<double>(b.workerStartMs), m); }, ""}},
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
       {fmt::format("U(0, {}] plus the {} cold start", ms(b.alarmMaxLatenessMs), ms(b.workerStartMs)),
        [=](const Measured& m) {
          return within(static_cast<double>(b.workerStartMs) + static_cast<double>(b.alarmMaxLatenessMs) / 2, m);
        },
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
       {fmt::format("U[{}, {}]", ms(b.storageLatencyMinMs), ms(b.storageLatencyMaxMs)),
        [=](const Measured& m) { return within(static_cast<double>(b.storageLatencyMinMs), m); },
        "virtual time counts whole milliseconds, so 1 ms is the model's floor; a browser faster than that lets "
        "less interleave between two storage calls than the model does"}},
      {"storage_get_100b_ms",
       {fmt::format("U[{}, {}]", ms(b.storageLatencyMinMs), ms(b.storageLatencyMaxMs)),
        [=](const Measured& m) { return within(static_cast<double>(b.storageLatencyMinMs), m); },
        "as storage_set_100b_ms"}},
      {"storage_set_1mib_ms",
       {"same as 100 B (size-independent)", notModelled,
        "the plan's values stay far below 1 MiB (a day's queue is a few KiB)"}},
      {"tab_removed_wakes_worker", {"true", [](const Measured& m) { return same_bool(true, m); }, ""}},
      {"tab_removed_wake_latency_ms",
       {fmt::format("{} (onRemoved {} after the close, then the {} cold start)",
                    ms(b.tabRemovedDelayMs + b.workerStartMs), ms(b.tabRemovedDelayMs), ms(b.workerStartMs)),
        [=](const Measured& m) { return within(static_cast<double>(b.tabRemovedDelayMs + b.workerStartMs), m); },
        "Chromium took 58-144 ms across the suite's runs (the tab's own teardown comes first)"}},
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

std::vector<ConformanceRow> compare_conformance(const json& doc, const sim::BrowserParams& model) {
  if (!doc.is_object() || !doc.contains("behaviours") || !doc["behaviours"].is_array())
    throw std::runtime_error("/behaviours: expected an array of measured behaviours");
  const auto table = rules(model);
  std::vector<ConformanceRow> rows;
  for (std::size_t i = 0; i < doc["behaviours"].size(); ++i) {
    const json& rec = doc["behaviours"][i];
    const std::string ptr = fmt::format("/behaviours/{}", i);
    if (!rec.is_object() || !rec.contains("id") || !rec["id"].is_string())
      throw std::runtime_error(ptr + "/id: expected a string");
    ConformanceRow row;
    row.id = rec["id"].get<std::string>();
    const auto rule = table.find(row.id);
    row.model = rule == table.end() ? "(unknown behaviour)" : rule->second.model;
    if (!rec.value("measured", false)) {
      row.measured = "—";
      row.verdict = Conformance::NotMeasured;
      row.note = rec.value("reason", std::string{});
    } else if (rule == table.end()) {
      row.measured = Measured{&rec}.text();
      row.verdict = Conformance::NotModelled;
      row.note = "a behaviour this version of syncsim has no rule for";
    } else {
      const Measured m{&rec};
      const bool numeric = m.numeric();
      if (!numeric && !rec.contains("value")) throw std::runtime_error(ptr + ": expected min/median/max or a value");
      row.measured = m.text();
      row.verdict = rule->second.judge(m);
      if (row.verdict != Conformance::Match) row.note = rule->second.note;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string conformance_markdown(const json& doc, const std::vector<ConformanceRow>& rows, const std::string& previous) {
  std::string md = "# The world model against real Chromium\n\n";
  md += fmt::format(
      "Measured by the conformance suite (tests/conformance/, `node tests/conformance/run.mjs --full`) with {}, "
      "on {}, {} mode; compared with the world's defaults (sim/world/params.hpp) by "
      "`syncsim conformance FILE --out docs/conformance.md`.\n\n",
      doc.value("chromium", std::string{"an unknown Chromium"}), doc.value("date", std::string{"an unknown date"}),
      doc.value("mode", std::string{"an unknown"}));
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

}  // namespace syncsim::reports
