// Two versions of a dataset, row by row (the versions view): rows matched in
// order, the unmatched between two matches paired as changed, the rest left
// out or added; the instruction is not compared.
#include <gtest/gtest.h>

#include "data/dataset_reader.h"
#include "data/row_diff.h"
#include "data/test_support.h"

using namespace tunedesk;
using namespace tunedesk::data;

namespace {

Dataset csv(test::TempDir& dir, const char* name, const std::string& rows) {
  test::write_bytes(dir / name, "text,result\n" + rows);
  return read_dataset(dir / name);
}

}  // namespace

TEST(RowDiff, ACleanedVersionChangesAndLeavesOutRowsInPlace) {
  test::TempDir dir;
  const Dataset before = csv(dir, "a.csv", "q1,a1\n q2 ,a2\nq3,a3\nq1,a1\nq5,a5\n");
  const Dataset after = csv(dir, "b.csv", "q1,a1\nq2,a2\nq3,a3\nq5,a5 fixed\n");
  const RowDiff d = diff_rows(before, after);
  EXPECT_EQ(d.rows_before, 5u);
  EXPECT_EQ(d.rows_after, 4u);
  EXPECT_EQ(d.same, 2u);  // q1, q3
  EXPECT_EQ(d.changed, 2u);  // " q2 " trimmed; q5's answer
  EXPECT_EQ(d.removed, 1u);
  EXPECT_EQ(d.added, 0u);
  ASSERT_EQ(d.entries.size(), 3u);
  EXPECT_EQ(d.entries[0].kind, RowChange::changed);
  EXPECT_EQ(before.examples[*d.entries[0].before].turn.user, " q2 ");
  EXPECT_EQ(after.examples[*d.entries[0].after].turn.user, "q2");
  // Between q3 and the end: the repeated q1 and q5 before, q5 with its answer fixed after: q5 pairs
  // with q5 (the same question), and the repeat of q1 is left out.
  EXPECT_EQ(d.entries[1].kind, RowChange::changed);
  EXPECT_EQ(before.examples[*d.entries[1].before].turn.user, "q5");
  EXPECT_EQ(d.entries[2].kind, RowChange::removed);
  EXPECT_EQ(before.examples[*d.entries[2].before].line, 5u);

  const nlohmann::json j = row_diff_json(before, after, d, 2);
  EXPECT_EQ(j["entries_total"], 3);
  ASSERT_EQ(j["entries"].size(), 2u);
  EXPECT_EQ(j["entries"][0]["kind"], "changed");
  EXPECT_EQ(j["entries"][0]["before"]["line"], 3);
  EXPECT_EQ(j["entries"][0]["after"]["question"], "q2");
}

TEST(RowDiff, AnAugmentedVersionAddsMarkedRowsAfterTheSources) {
  test::TempDir dir;
  const Dataset before = csv(dir, "a.csv", "q1,a1\nq2,a2\n");
  test::write_bytes(dir / "b.jsonl",
                    "{\"instruction\": \"You are a doctor.\", \"input\": \"q1\", \"output\": \"a1\"}\n"
                    "{\"instruction\": \"You are a doctor.\", \"input\": \"q2\", \"output\": \"a2\"}\n"
                    "{\"instruction\": \"You are a doctor.\", \"input\": \"q1 again\", \"output\": \"a1\", \"generated\": true}\n");
  const Dataset after = read_dataset(dir / "b.jsonl");
  const RowDiff d = diff_rows(before, after);
  EXPECT_EQ(d.same, 2u);  // the instruction conversion gave them is not a change
  EXPECT_EQ(d.added, 1u);
  EXPECT_EQ(d.changed + d.removed, 0u);
  const nlohmann::json j = row_diff_json(before, after, d, 10);
  EXPECT_EQ(j["entries"][0]["kind"], "added");
  EXPECT_EQ(j["entries"][0]["after"]["generated"], true);
  EXPECT_FALSE(j["entries"][0].contains("before"));

  // The same file against itself: nothing to list.
  const RowDiff none = diff_rows(after, after);
  EXPECT_EQ(none.same, 3u);
  EXPECT_TRUE(none.entries.empty());
}
