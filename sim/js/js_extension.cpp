#include "sim/js/js_extension.hpp"
#include "sim/runtime/install_paths.hpp"

#include <deque>
#include <filesystem>
#include <mutex>

#include "sim/js/engine.hpp"
#include "sim/js/shim.hpp"

namespace syncsim::sim::js {

JsExtension::JsExtension(core::WorkerPorts& ports, const core::StrategyConfig& cfg)
    : alarmPeriodMs_(cfg.alarmPeriodMs), shim_(std::make_unique<Shim>(ports, std::string(cfg.extensionBundle))) {}

JsExtension::~JsExtension() = default;

const std::vector<std::string>& JsExtension::uncaught() const { return shim_->uncaught(); }
std::size_t JsExtension::pending_host_calls() const { return shim_->pending_host_calls(); }

Task<void> JsExtension::await_waiter(int waiter) {
  if (waiter < 0) co_return;
  Settled settled = shim_->wait(waiter);
  co_await settled;
}

Task<void> JsExtension::main() {
  shim_->run_bundle();
  co_return;
}

Task<void> JsExtension::onInstalled() { co_await await_waiter(shim_->installed()); }
Task<void> JsExtension::onStartup() { co_await await_waiter(shim_->startup()); }
Task<void> JsExtension::onAlarm(core::AlarmName name) { co_await await_waiter(shim_->alarm(name, alarmPeriodMs_)); }
Task<void> JsExtension::onTabRemoved(std::uint32_t tabId) { co_await await_waiter(shim_->tab_removed(tabId)); }
Task<void> JsExtension::onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) {
  co_await await_waiter(shim_->start_session_message(tabId, repo, pr));
}
Task<void> JsExtension::onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) {
  co_await await_waiter(shim_->activity_message(tabId, repo, pr, seq));
}
Task<void> JsExtension::onPageHideMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq,
                                          core::Millis openedAt) {
  co_await await_waiter(shim_->page_hide_message(tabId, repo, pr, seq, openedAt));
}
std::vector<core::PendingSession> JsExtension::onGetBeaconPayload() { return shim_->beacon_payload(); }
Task<void> JsExtension::onOnline() { co_await await_waiter(shim_->online()); }

std::unique_ptr<core::Extension> make_js_extension(core::WorkerPorts& ports, const core::StrategyConfig& cfg) {
  return std::make_unique<JsExtension>(ports, cfg);
}

bool available() { return true; }
std::uint64_t uncaught_errors() { return Engine::get().uncaught_count(); }
std::vector<std::string> recent_uncaught_errors() { return Engine::get().recent_uncaught(); }

std::string bundle_dir() { return data_path("extension", SYNCSIM_JS_BUNDLE_DIR); }

namespace {

// Names and paths a StrategyConfig points to (string_views) live as long as the process.
std::string_view keep(std::string s) {
  static std::mutex mu;
  static std::deque<std::string> kept;
  std::lock_guard lock(mu);
  for (const auto& k : kept)
    if (k == s) return k;
  return kept.emplace_back(std::move(s));
}

core::StrategyConfig with_bundle(core::StrategyConfig c, std::string_view name, std::string_view bundle) {
  c.name = name;
  c.makeExtension = &make_js_extension;
  c.extensionBundle = bundle;
  c.mutation = core::Mutation::None;
  c.attributeByRequests = true;  // the properties never rest on the script's own tags (sim/world/attribution.hpp)
  return c;
}

}  // namespace

std::optional<core::StrategyConfig> js_strategy(std::string_view name) {
  if (!name.starts_with("ts:")) return std::nullopt;
  const auto base = core::strategy_by_name(name.substr(3));
  if (!base) return std::nullopt;
  return with_bundle(*base, keep(std::string(name)), keep(bundle_dir() + "/" + std::string(base->name) + ".js"));
}

std::optional<core::StrategyConfig> js_strategy_for_bundle(const std::string& path, std::string_view claimsFrom) {
  const auto base = core::strategy_by_name(claimsFrom);
  if (!base) return std::nullopt;
  const auto slash = path.find_last_of('/');
  const std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  return with_bundle(*base, keep("js:" + file), keep(path));
}

namespace {
struct Registered {
  core::StrategyConfig strategy;
  BundleRef ref;
};
std::mutex& registry_mutex() {
  static std::mutex mu;
  return mu;
}
std::deque<Registered>& registry() {
  static std::deque<Registered> r;
  return r;
}
const Registered* find_registered(std::string_view name) {
  const auto& r = registry();
  for (auto it = r.rbegin(); it != r.rend(); ++it)
    if (it->strategy.name == name) return &*it;
  return nullptr;
}
}  // namespace

std::optional<core::StrategyConfig> register_bundle(const std::string& path, std::string_view claims) {
  auto s = js_strategy_for_bundle(path, claims);
  if (!s) return std::nullopt;
  std::lock_guard lock(registry_mutex());
  registry().push_back({*s, {path, std::string(claims)}});
  return s;
}

std::string bundle_error(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "not a readable file: " + path;
  std::string error;
  if (!Engine::get().stencil(path, error)) return error.empty() ? "does not compile: " + path : error;
  return {};
}

std::optional<BundleRef> registered_bundle(std::string_view name) {
  std::lock_guard lock(registry_mutex());
  const Registered* r = find_registered(name);
  if (!r) return std::nullopt;
  return r->ref;
}

std::vector<core::StrategyConfig> js_strategies() {
  std::vector<core::StrategyConfig> out;
  for (const auto& s : core::all_strategies()) out.push_back(*js_strategy("ts:" + std::string(s.name)));
  return out;
}

std::optional<core::StrategyConfig> any_strategy(std::string_view name) {
  if (auto s = core::strategy_by_name(name)) return s;
  if (name.starts_with("js:")) {
    std::lock_guard lock(registry_mutex());
    const Registered* r = find_registered(name);
    return r ? std::optional(r->strategy) : std::nullopt;
  }
  return js_strategy(name);
}

}  // namespace syncsim::sim::js
