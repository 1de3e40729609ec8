#pragma once
// The syncsim subcommands. Exit status everywhere: 0 all properties hold (or the command
// succeeded), 1 a property is violated (or a replay differs), 2 bad input or usage.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syncsim::cli {

constexpr int kExitOk = 0;
constexpr int kExitViolation = 1;
constexpr int kExitBadInput = 2;

struct RunOptions {
  std::string file;
  std::optional<std::string> strategy;
  std::optional<std::uint64_t> seed;
  std::string tracePath;
  std::string traceFormat;  // jsonl | chrome (default from the extension: .jsonl or .json)
  bool json = false;
};
int run_command(const RunOptions& o);
int replay_command(const std::string& file, bool json);

std::string default_scenario_dir();
std::vector<std::string> scenario_files(const std::string& dir, bool recursive);
int scenarios_list_command(const std::string& dir);
int scenarios_validate_command(const std::vector<std::string>& files);
int scenarios_record_command(const std::vector<std::string>& files);

struct CheckOptions {
  std::string strategy;
  std::string mutant;
  std::uint64_t seeds = 1000;
  std::uint64_t from = 1;
  unsigned jobs = 1;
  bool json = false;
  std::string outDir;
};
int check_command(const CheckOptions& o);

struct ReportOptions {
  std::string dir;
  std::vector<std::string> strategies;
  std::vector<std::string> profiles;  // scenario names in `dir`; empty: all of them
  int seeds = 1;
  unsigned jobs = 1;
  std::string out;
};
int report_command(const ReportOptions& o);

}  // namespace syncsim::cli
