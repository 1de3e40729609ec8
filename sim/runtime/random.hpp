#pragma once
// Seeded random streams. Algorithm (documented so any platform reproduces it bit for bit):
//   - SplitMix64 (Steele, Lea, Flood 2014) expands a 64-bit seed into state words;
//   - xoshiro256** 1.0 (Blackman, Vigna 2018) produces the stream;
//   - uniform01 = (next() >> 11) * 2^-53; bounded integers by 128-bit multiply-shift.
// Each component draws from its own stream derived from (run seed, component name), so adding
// a draw in one component does not reshuffle the draws of any other.
// std::uniform_*_distribution is not used: its output differs between standard libraries.
#include <cstdint>
#include <string_view>

namespace syncsim::sim {

std::uint64_t splitmix64(std::uint64_t& state);
std::uint64_t fnv1a64(std::string_view s);

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  // The stream for one named component of a run.
  static Rng stream(std::uint64_t run_seed, std::string_view component);
  // A generator with the given raw xoshiro256** state (for reference test vectors).
  static Rng from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3);

  std::uint64_t next();
  double uniform01();                                   // [0, 1)
  std::uint64_t below(std::uint64_t n);                 // [0, n), n > 0
  std::int64_t between(std::int64_t lo, std::int64_t hi);  // [lo, hi] inclusive
  bool chance(double p);                                // true with probability p
  double normal();                                      // standard normal (Box-Muller)
  double lognormal(double median, double sigma);        // median * exp(sigma * N(0,1))
  double exponential(double mean);

 private:
  std::uint64_t s_[4];
};

}  // namespace syncsim::sim
