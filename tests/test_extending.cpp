// The documented ways to extend syncsim (docs/architecture.md), each tried once: a strategy
// that is only settings, and a strategy with code of its own plugged in through
// core::ExtensionFactory. Both run in the full world and are judged by the same checker.
#include <catch2/catch.hpp>
#include <set>

#include "core/api_client.hpp"
#include "core/extension.hpp"
#include "core/strategy.hpp"
#include "core/token_manager.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/check/run_world.hpp"

using namespace syncsim;
using namespace syncsim::sim;

namespace {

Scenario scenario(const char* name) {
  auto l = load_scenario(std::string(SYNCSIM_SCENARIO_DIR) + "/" + name + ".json");
  REQUIRE(l.scenario);
  return *l.scenario;
}

std::set<Property> violated(const RunResult& r) {
  const auto v = violated_properties(r.violations);
  return {v.begin(), v.end()};
}

// A deliberately naive extension: on tab close it creates and ends the server session
// directly, with no queue and no retry. Nothing is persisted, so a failed or interrupted
// request loses the review.
class FireAndForget final : public core::Extension {
 public:
  explicit FireAndForget(core::WorkerPorts& ports) : ports_(ports), tokens_(ports), api_(ports, tokens_) {}
  Task<void> main() override { co_return; }
  Task<void> onInstalled() override { co_return; }
  Task<void> onStartup() override { co_return; }
  Task<void> onAlarm(core::AlarmName) override { co_return; }
  Task<void> onTabRemoved(std::uint32_t tabId) override {
    const std::optional<core::Session> s = co_await ports_.get_session(tabId);
    if (!s) co_return;
    const auto started = co_await api_.startSession(tabId, core::SessionData{s->repo, s->prNumber, std::nullopt});
    if (!started.ok()) co_return;
    const auto seconds = static_cast<std::int32_t>((ports_.now() - s->startTime + 500) / 1000);
    co_await api_.endSession(tabId, started.value.session_id, seconds);
  }
  Task<void> onStartSessionMessage(std::uint32_t tabId, std::uint32_t repo, std::int32_t pr) override {
    core::Session s;
    s.localId = s.tabId = tabId;
    s.repo = repo;
    s.prNumber = pr;
    s.startTime = s.lastUpdate = ports_.now();
    co_await ports_.save_session(s);
  }
  Task<void> onActivityMessage(std::uint32_t, std::uint32_t, std::int32_t, std::uint32_t) override { co_return; }
  std::vector<core::PendingSession> onGetBeaconPayload() override { return {}; }
  Task<void> onOnline() override { co_return; }

 private:
  core::WorkerPorts& ports_;
  core::TokenManager tokens_;
  core::ApiClient api_;
};

std::unique_ptr<core::Extension> make_fire_and_forget(core::WorkerPorts& ports, const core::StrategyConfig&) {
  return std::make_unique<FireAndForget>(ports);
}

}  // namespace

TEST_CASE("extending: a strategy that is only settings runs and is judged", "[extending]") {
  core::StrategyConfig fast = *core::strategy_by_name("approach2");
  fast.name = "approach2-30s";
  fast.alarmPeriodMs = 30000;
  const Scenario s = scenario("default-day");
  const RunResult slow = run_world(s.params, *core::strategy_by_name("approach2"));
  const RunResult quick = run_world(s.params, fast);
  // Twice the alarms: more worker wake-ups, and the same reviews completed.
  CHECK(quick.metrics.alarmFires > slow.metrics.alarmFires * 3 / 2);
  CHECK(quick.metrics.sessionsCompleted == slow.metrics.sessionsCompleted);
}

TEST_CASE("extending: a strategy with its own code plugs in through makeExtension", "[extending]") {
  core::StrategyConfig naive;
  naive.name = "fire-and-forget";
  naive.makeExtension = &make_fire_and_forget;
  naive.retry.enabled = false;  // it claims no retry policy
  naive.deadLetterCapacity = 0;

  // A calm day: every review reaches the server, completed.
  const RunResult calm = run_world(scenario("session-end-triggers-immediate-sync").params, naive);
  CHECK(calm.violations.empty());
  CHECK(calm.metrics.sessionsCompleted == calm.metrics.sessionsEnded);
  CHECK(calm.metrics.sessionsEnded > 0);

  // Offline during reviews: what it could not send is gone, and the checker says so.
  const RunResult offline = run_world(scenario("network-offline-during-session").params, naive);
  CHECK(violated(offline).count(Property::NothingLost) == 1);
}
