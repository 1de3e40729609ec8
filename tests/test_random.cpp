// Seeded streams: fixed known values (any platform must produce them) and independence.
#include <catch2/catch.hpp>

#include "sim/runtime/random.hpp"

using namespace syncsim::sim;

TEST_CASE("SplitMix64 reproduces its reference output", "[random]") {
  std::uint64_t st = 1234567;
  // Reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
  CHECK(splitmix64(st) == 6457827717110365317ULL);
  CHECK(splitmix64(st) == 3203168211198807973ULL);
  CHECK(splitmix64(st) == 9817491932198370423ULL);
}

TEST_CASE("xoshiro256** reproduces the reference vectors from state {1, 2, 3, 4}", "[random]") {
  Rng r = Rng::from_state(1, 2, 3, 4);
  CHECK(r.next() == 11520ULL);
  CHECK(r.next() == 0ULL);
  CHECK(r.next() == 1509978240ULL);
  CHECK(r.next() == 1215971899390074240ULL);
}

TEST_CASE("xoshiro256** streams reproduce golden numbers", "[random]") {
  Rng r(42);
  const std::uint64_t a = r.next(), b = r.next(), c = r.next();
  // Golden values recorded from this implementation; a change here changes every run.
  CHECK(a == 1546998764402558742ULL);
  CHECK(b == 6990951692964543102ULL);
  CHECK(c == 12544586762248559009ULL);
  Rng named = Rng::stream(7, "network");
  CHECK(named.next() == 4921184351397280071ULL);
}

TEST_CASE("the same seed gives the same stream, other seeds and names other streams", "[random]") {
  Rng a(99), b(99), c(100);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
  }
  CHECK(Rng::stream(1, "user").next() != Rng::stream(1, "network").next());
}

TEST_CASE("bounded draws stay in range and cover it", "[random]") {
  Rng r(5);
  std::uint64_t seen[10] = {};
  for (int i = 0; i < 10000; ++i) {
    const auto v = r.between(3, 12);
    REQUIRE(v >= 3);
    REQUIRE(v <= 12);
    ++seen[v - 3];
    const double u = r.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
  }
  for (auto n : seen) CHECK(n > 800);  // about 1000 each
}
