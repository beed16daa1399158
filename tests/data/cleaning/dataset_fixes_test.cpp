// The fixes on a whole dataset: what is kept, what changes, what is listed.
#include <gtest/gtest.h>

#include "data/cleaning/dataset_fixes.h"
#include "data/dataset_reader.h"
#include "data/test_support.h"
#include "data/validator.h"

using namespace tunedesk;
using namespace tunedesk::data;
using namespace tunedesk::data::cleaning;

namespace {

const char* kCsv =
    "text,result\n"
    " 高血压要注意什么？,少盐。\n"              // line 2: trimmed
    "高血压要注意什么？,少盐。\n"               // 3: an exact duplicate of 2 once 2 is trimmed
    "高血压要注意什么？？,少盐。\n"             // 4: a near duplicate of 2
    "高血压要注意什么？？,多运动。\n"           // 5: the same question, another answer: kept
    "王五的电话13800138000,已登记王五。\n"      // 6: personal data
    ",没有问题\n";                              // 7: an error (no question)

std::vector<std::string> inputs(const Dataset& ds) {
  std::vector<std::string> out;
  for (const Example& e : ds.examples) out.emplace_back(e.turn.user);
  return out;
}

}  // namespace

TEST(DatasetFixes, KeepsListsAndMasks) {
  const Dataset ds = read_dataset_bytes(kCsv, "x.csv");
  const ValidationReport report = validate(ds);
  DatasetFixOptions o;
  o.question.trim = o.answer.trim = true;
  o.drop_duplicates = true;
  o.near_duplicates = 0.8;
  o.mask_personal_data = true;
  o.names = {"王五"};
  const DatasetFixResult r = fix_dataset(ds, report, o);
  EXPECT_EQ(r.rows_in, 5u) << "the row with an error is not read";
  EXPECT_EQ(r.exact_duplicate_lines, (std::vector<std::size_t>{3}));
  EXPECT_EQ(r.near_duplicate_lines, (std::vector<std::size_t>{4}));
  ASSERT_EQ(r.near_duplicate_groups.size(), 1u);
  EXPECT_EQ(r.near_duplicate_groups[0].lines, (std::vector<std::size_t>{2, 4, 5}));
  EXPECT_EQ(r.near_duplicate_groups[0].conflicting_lines, (std::vector<std::size_t>{5}));
  EXPECT_EQ(inputs(r.fixed), (std::vector<std::string>{"高血压要注意什么？", "高血压要注意什么？？", "[姓名1]的电话[手机号1]"}));
  EXPECT_EQ(std::string(r.fixed.examples[2].turn.assistant), "已登记[姓名1]。");
  EXPECT_EQ(r.rows_with_personal_data, 1u);
  ASSERT_EQ(r.personal_data.size(), 3u);
  EXPECT_EQ(r.personal_data[1].kind, PersonalDataKind::mobile);
  EXPECT_EQ(r.personal_data[1].value, "13800138000");
  EXPECT_EQ(r.personal_data[1].line, 6u);
  ASSERT_EQ(r.changes.size(), 3u);  // the trim on line 2, the masks on line 6
  EXPECT_EQ(r.changes[0].line, 2u);
  EXPECT_EQ(r.changes[0].field, "text");
  EXPECT_EQ(r.changes[0].before, " 高血压要注意什么？");
  EXPECT_EQ(r.changes[0].after, "高血压要注意什么？");
  EXPECT_EQ(r.fixed.examples[1].line, 5u) << "rows keep their source lines";
}

// The user's choice per near-duplicate group: the whole group kept, or merged
// into the one row they pick (conflicting answers included); a choice that
// does not fit the groups is an error, not ignored.
TEST(DatasetFixes, ANearDuplicateGroupIsKeptOrMergedAsTheUserChooses) {
  const Dataset ds = read_dataset_bytes(kCsv, "x.csv");
  const ValidationReport report = validate(ds);
  DatasetFixOptions o;
  o.question.trim = o.answer.trim = true;
  o.drop_duplicates = true;
  o.near_duplicates = 0.8;
  DatasetFixResult r = fix_dataset(ds, report, o);
  EXPECT_EQ(r.near_duplicate_groups[0].kept_lines, (std::vector<std::size_t>{2, 5}));  // by default

  o.near_duplicate_keep[2] = DatasetFixOptions::kKeepWholeGroup;
  r = fix_dataset(ds, report, o);
  EXPECT_TRUE(r.near_duplicate_lines.empty());
  EXPECT_EQ(r.near_duplicate_groups[0].kept_lines, (std::vector<std::size_t>{2, 4, 5}));
  EXPECT_EQ(r.fixed.examples.size(), 4u);

  o.near_duplicate_keep[2] = 5;  // merged into line 5: its answer wins
  r = fix_dataset(ds, report, o);
  EXPECT_EQ(r.near_duplicate_lines, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(r.near_duplicate_groups[0].kept_lines, (std::vector<std::size_t>{5}));
  ASSERT_EQ(r.fixed.examples.size(), 2u);
  EXPECT_EQ(r.fixed.examples[0].line, 5u);
  EXPECT_EQ(std::string(r.fixed.examples[0].turn.assistant), "多运动。");

  o.near_duplicate_keep[2] = 6;  // not in the group
  EXPECT_THROW(fix_dataset(ds, report, o), std::invalid_argument);
  o.near_duplicate_keep = {{3, 0}};  // no group starts there
  EXPECT_THROW(fix_dataset(ds, report, o), std::invalid_argument);
  o.near_duplicates = 0;  // choices without near-duplicate detection
  o.near_duplicate_keep = {{2, 0}};
  EXPECT_THROW(fix_dataset(ds, report, o), std::invalid_argument);
}

TEST(DatasetFixes, TheResultOutlivesItsSource) {
  DatasetFixResult r;
  {
    const Dataset ds = read_dataset_bytes("text,result\n問題,答案\n", "x.csv");
    DatasetFixOptions o;
    o.script = "t2s";
    r = fix_dataset(ds, validate(ds), o);
  }
  ASSERT_EQ(r.fixed.examples.size(), 1u);
  EXPECT_EQ(std::string(r.fixed.examples[0].turn.user), "问题");
  EXPECT_EQ(std::string(r.fixed.examples[0].turn.user_field), "text");
}

TEST(DatasetFixes, PersonalDataIsCountedEvenWhenNotMasked) {
  const Dataset ds = read_dataset_bytes("text,result\n邮箱 a.b@example.com,好\n", "x.csv");
  const DatasetFixResult r = fix_dataset(ds, validate(ds), {});
  EXPECT_EQ(r.rows_with_personal_data, 1u);
  EXPECT_TRUE(r.changes.empty());
  EXPECT_EQ(std::string(r.fixed.examples[0].turn.user), "邮箱 a.b@example.com");
}
