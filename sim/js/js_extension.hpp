#pragma once
// A worker incarnation whose code is a JavaScript bundle (extension/dist/<strategy>.js): a
// core::Extension like core/plan's, so the world drives it, traces it and judges it the same.
// One object is one realm: main() runs the bundle's top level, each listener delivers the
// chrome event to the realm and completes when the promise its listeners returned settles (at
// once if none returned one). Destroying it is the worker's death: the realm and every host
// call still in flight are dropped, and nothing of it ever runs again.
//
// Strategies: js_strategy("ts:approach2") is approach2's StrategyConfig (its claims, alarm,
// beacon setting) with this code and the bundle built from extension/ (core::StrategyConfig::
// extensionBundle); js_strategy_for_bundle() runs any bundle with another strategy's claims.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/extension.hpp"
#include "core/strategy.hpp"

namespace syncsim::sim::js {

class Shim;

class JsExtension final : public core::Extension {
 public:
  JsExtension(core::WorkerPorts& ports, const core::StrategyConfig& cfg);
  ~JsExtension() override;

  Task<void> main() override;
  Task<void> onInstalled() override;
  Task<void> onStartup() override;
  Task<void> onAlarm(core::AlarmName name) override;
  Task<void> onTabRemoved(std::uint32_t tabId) override;
  Task<void> onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) override;
  Task<void> onActivityMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq) override;
  Task<void> onPageHideMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr, std::uint32_t seq,
                               core::Millis openedAt) override;
  std::vector<core::PendingSession> onGetBeaconPayload() override;
  Task<void> onOnline() override;

  // Errors the script did not catch (exceptions, rejected listener promises), in order.
  const std::vector<std::string>& uncaught() const;
  std::size_t pending_host_calls() const;

 private:
  Task<void> await_waiter(int waiter);
  core::Millis alarmPeriodMs_;
  std::unique_ptr<Shim> shim_;
};

// core::ExtensionFactory: a JsExtension running cfg.extensionBundle.
std::unique_ptr<core::Extension> make_js_extension(core::WorkerPorts& ports, const core::StrategyConfig& cfg);

// The directory of the bundles the build made (extension/dist).
std::string bundle_dir();
// "ts:baseline", "ts:approach1", "ts:approach2", "ts:hardened": the C++ strategy of the same
// name (settings and claims) running its TypeScript bundle. nullopt for any other name.
std::optional<core::StrategyConfig> js_strategy(std::string_view name);
// Any bundle, judged by the claims of the strategy named `claimsFrom` (a C++ name); the
// strategy is called "js:<file name>". nullopt when `claimsFrom` is unknown.
std::optional<core::StrategyConfig> js_strategy_for_bundle(const std::string& path, std::string_view claimsFrom);
// A team's bundle (`syncsim ... --extension PATH --claims NAME`): js_strategy_for_bundle, also
// known from then on to any_strategy() by its name, "js:<file name>" (the latest registration
// of a name wins). nullopt when `claims` is unknown.
std::optional<core::StrategyConfig> register_bundle(const std::string& path, std::string_view claims);
// Why the bundle at `path` cannot run (unreadable, not a file, does not compile); empty when it
// compiles.
std::string bundle_error(const std::string& path);
// The bundle and the claims a registered "js:" name stands for; nullopt for any other name.
struct BundleRef {
  std::string path;
  std::string claims;
};
std::optional<BundleRef> registered_bundle(std::string_view name);
// The ts: strategies, in the C++ order.
std::vector<core::StrategyConfig> js_strategies();
// A strategy by name: a C++ one (core::strategy_by_name) or a ts: one.
std::optional<core::StrategyConfig> any_strategy(std::string_view name);

// Whether this build runs JavaScript (false: built without SYNCSIM_JS).
bool available();
// Errors no script caught, on this thread so far (every realm), and the latest few.
std::uint64_t uncaught_errors();
std::vector<std::string> recent_uncaught_errors();

}  // namespace syncsim::sim::js
