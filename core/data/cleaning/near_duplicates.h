// Near-duplicate questions by MinHash over character n-grams: rows whose
// questions share at least `threshold` of their n-grams (Jaccard similarity)
// form a group. Locality-sensitive hashing over the signatures finds the
// candidate pairs without comparing every pair; each candidate is then
// checked with its exact Jaccard similarity, so every link that joins a group
// is a pair at or above the threshold (never one the hashing guessed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data::cleaning {

struct NearDuplicateOptions {
  double threshold = 0.9;  // Jaccard similarity of the questions' n-gram sets, in (0, 1]
  int ngram = 3;           // characters per n-gram (code points; white space and ASCII case ignored)
  int hashes = 128;        // MinHash signature length
  uint64_t seed = 42;
};

struct NearDuplicateGroup {
  std::vector<std::size_t> members;  // indices into the texts given, ascending; the first is kept
  // Members whose answer differs from the first member's (its similarity to
  // it below the threshold): the same question answered otherwise.
  std::vector<std::size_t> conflicting;
};

// The character n-grams of `text`, hashed, sorted and unique (a text shorter
// than n is one n-gram).
std::vector<uint64_t> ngram_set(std::string_view text, int n);

// |a ∩ b| / |a ∪ b| of two sorted sets; 1 when both are empty.
double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// Groups of near-identical questions (each of two or more rows), in the order
// of their first member. `answers` (the same length, or empty) marks the
// members whose answer differs.
std::vector<NearDuplicateGroup> near_duplicate_groups(const std::vector<std::string_view>& questions,
                                                      const std::vector<std::string_view>& answers,
                                                      const NearDuplicateOptions& options);

}  // namespace tunedesk::data::cleaning
