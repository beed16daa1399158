#include "data/cleaning/near_duplicates.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "util/splitmix64.h"
#include "util/utf8.h"

namespace tunedesk::data::cleaning {
namespace {

uint64_t mix(uint64_t x) {  // SplitMix64's finaliser: a good 64-bit hash of x
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Rows per band for `hashes` = bands × rows: the most rows (fewest chance
// candidates to check) for which a pair exactly at the threshold still shares
// a band with probability 1 - (1 - t^rows)^bands >= 0.99 (more above it).
int rows_per_band(int hashes, double threshold) {
  int best = 1;
  for (int rows = 1; rows <= hashes; ++rows) {
    if (hashes % rows) continue;
    const double found = 1.0 - std::pow(1.0 - std::pow(threshold, rows), hashes / rows);
    if (found >= 0.99) best = rows;
  }
  return best;
}

struct DisjointSets {
  std::vector<std::size_t> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the earliest row is the root
  }
};

}  // namespace

std::vector<uint64_t> ngram_set(std::string_view text, int n) {
  std::vector<char32_t> chars;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = 0;
    const int32_t cp = utf8::decode(text, pos, length);
    pos += length;
    if (cp < 0) continue;
    if (utf8::is_space(static_cast<char32_t>(cp))) continue;
    chars.push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char32_t>(cp + 32) : static_cast<char32_t>(cp));
  }
  std::vector<uint64_t> set;
  const std::size_t width = std::min<std::size_t>(static_cast<std::size_t>(n), chars.size());
  for (std::size_t i = 0; i + width <= chars.size() && (width > 0 || set.empty()); ++i) {
    uint64_t h = 0x243F6A8885A308D3ULL;
    for (std::size_t k = 0; k < width; ++k) h = mix(h ^ chars[i + k]);
    set.push_back(h);
    if (width == 0) break;
  }
  std::sort(set.begin(), set.end());
  set.erase(std::unique(set.begin(), set.end()), set.end());
  return set;
}

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) ++common, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::vector<NearDuplicateGroup> near_duplicate_groups(const std::vector<std::string_view>& questions,
                                                      const std::vector<std::string_view>& answers,
                                                      const NearDuplicateOptions& o) {
  if (!(o.threshold > 0 && o.threshold <= 1)) throw std::invalid_argument("the near-duplicate threshold must be in (0, 1]");
  if (o.ngram < 1 || o.hashes < 1) throw std::invalid_argument("n-gram size and signature length must be positive");
  if (!answers.empty() && answers.size() != questions.size()) throw std::invalid_argument("one answer per question");
  const std::size_t n = questions.size();
  std::vector<std::vector<uint64_t>> sets(n);
  for (std::size_t i = 0; i < n; ++i) sets[i] = ngram_set(questions[i], o.ngram);

  // Signatures: per hash function, the least hash of the row's n-grams; kept
  // only as their bands' keys (rows that agree on every hash of a band share
  // its key and are candidates), 8 bytes a band instead of 8 a hash.
  const auto K = static_cast<std::size_t>(o.hashes);
  const auto R = static_cast<std::size_t>(rows_per_band(o.hashes, o.threshold));
  const std::size_t bands = K / R;
  std::vector<uint64_t> seeds(K);
  util::SplitMix64 rng(o.seed);
  for (uint64_t& s : seeds) s = rng.next();
  std::vector<uint64_t> band_keys(n * bands);
  std::vector<uint64_t> signature(K);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(signature.begin(), signature.end(), std::numeric_limits<uint64_t>::max());
    for (uint64_t g : sets[i])
      for (std::size_t k = 0; k < K; ++k) signature[k] = std::min(signature[k], mix(g ^ seeds[k]));
    for (std::size_t band = 0; band < bands; ++band) {
      uint64_t key = band;
      for (std::size_t k = band * R; k < (band + 1) * R; ++k) key = mix(key ^ signature[k]);
      band_keys[i * bands + band] = key;
    }
  }
  DisjointSets sets_of_rows(n);

  // Within a bucket each row is checked against one row of each group met
  // there so far (at most kGroupsPerBucket): rows that join a group cost one check.
  constexpr std::size_t kGroupsPerBucket = 64;
  std::unordered_map<uint64_t, std::vector<std::size_t>> buckets;  // band key -> a row of each group in it
  for (std::size_t band = 0; band < bands; ++band) {
    buckets.clear();
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::size_t>& representatives = buckets[band_keys[i * bands + band]];
      bool joined = false;
      for (std::size_t r : representatives) {
        if (sets_of_rows.find(r) == sets_of_rows.find(i)) {
          joined = true;
          continue;
        }
        if (jaccard(sets[i], sets[r]) >= o.threshold) {
          sets_of_rows.join(i, r);
          joined = true;
        }
      }
      if (!joined && representatives.size() < kGroupsPerBucket) representatives.push_back(i);
    }
  }

  std::unordered_map<std::size_t, std::size_t> group_of_root;
  std::vector<NearDuplicateGroup> groups;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t root = sets_of_rows.find(i);
    if (root == i) continue;
    auto [it, fresh] = group_of_root.try_emplace(root, groups.size());
    if (fresh) groups.push_back({{root}, {}});
    groups[it->second].members.push_back(i);
  }
  if (!answers.empty()) {
    for (NearDuplicateGroup& g : groups) {
      const std::vector<uint64_t> first = ngram_set(answers[g.members.front()], o.ngram);
      for (std::size_t m = 1; m < g.members.size(); ++m)
        if (jaccard(first, ngram_set(answers[g.members[m]], o.ngram)) < o.threshold) g.conflicting.push_back(g.members[m]);
    }
  }
  return groups;
}

}  // namespace tunedesk::data::cleaning
