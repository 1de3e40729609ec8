#include "sim/check/checker.hpp"

#include "sim/check/backoff_bounds.hpp"
#include "sim/check/no_duplicates.hpp"
#include "sim/check/no_early_completion.hpp"
#include "sim/check/no_stuck_in_progress.hpp"
#include "sim/check/nothing_lost.hpp"
#include "sim/check/server_rows.hpp"
#include "sim/check/timely_completion.hpp"
#include "sim/check/true_duration.hpp"

namespace syncsim::sim {

std::vector<Violation> check_properties(const World& w) {
  std::vector<Violation> out;
  check_backoff_bounds(w, out);
  const ServerRows rows = server_rows(w);
  check_no_stuck_in_progress(w, rows, out);
  check_no_duplicates(w, rows, out);
  check_nothing_lost(w, rows, out);
  check_no_early_completion(w, rows, out);
  check_true_duration(w, rows, out);
  check_timely_completion(w, rows, out);
  return out;
}

}  // namespace syncsim::sim
