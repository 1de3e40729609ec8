#pragma once
// The checker's self-test: each planted defect (core/mutation.hpp) run in the library scenario
// that shows it, against the same strategy without it. The defect is caught when the mutant
// violates one of the properties meant to catch it that the clean strategy holds. A checker
// that no longer catches one is a blind spot: `syncsim gate` fails, tests/test_mutants.cpp too.
#include <string>
#include <vector>

#include "core/mutation.hpp"
#include "sim/check/checker.hpp"

namespace syncsim::sim {

struct SelfTestCase {
  core::Mutation mutation;
  const char* strategy;            // where it is planted
  const char* scenario;            // a library scenario's name (scenarios/NAME.json)
  std::vector<Property> catchers;  // any one of these, added by the defect, catches it
};

// One case per planted defect, in mutation order.
const std::vector<SelfTestCase>& self_test_cases();

struct SelfTestResult {
  bool caught = false;
  std::string detail;  // "added no_stuck_in_progress", or why it was not caught
};

// Runs `c` in `scenarioDir`/`c.scenario`.json (the determinism check: the world twice).
SelfTestResult run_self_test(const SelfTestCase& c, const std::string& scenarioDir);

}  // namespace syncsim::sim
