// Each personal data detector on valid and invalid examples, and consistent masking.
#include <gtest/gtest.h>

#include "data/cleaning/personal_data.h"

using namespace tunedesk::data::cleaning;

namespace {

// "kind:value" for each match, in order.
std::vector<std::string> found(std::string_view text, const std::vector<std::string>& names = {}) {
  std::vector<std::string> out;
  for (const PersonalDataMatch& m : find_personal_data(text, names))
    out.push_back(std::string(personal_data_rule(m.kind)) + ":" + std::string(text.substr(m.begin, m.end - m.begin)));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST(PersonalData, IdNumbersByCheckDigitAndBirthDate) {
  EXPECT_TRUE(valid_id_number("11010519491231002X"));
  EXPECT_TRUE(valid_id_number("11010519491231002x"));
  EXPECT_FALSE(valid_id_number("110105194912310021")) << "wrong check digit";
  EXPECT_FALSE(valid_id_number("110105194902300020")) << "30 February";
  EXPECT_FALSE(valid_id_number("11010519491231002"));
  EXPECT_EQ(found("身份证号11010519491231002X，住院"), V{"pii.id_number:11010519491231002X"});
  EXPECT_EQ(found("编号110105194912310021"), V{}) << "18 digits with a wrong check digit are not an ID";
  EXPECT_EQ(found("ABC11010519491231002X"), V{}) << "inside a longer code";
}

TEST(PersonalData, MobileAndLandlineNumbers) {
  EXPECT_EQ(found("手机13800138000"), V{"pii.mobile:13800138000"});
  EXPECT_EQ(found("请拨 138-0013-8000 或 138 0013 8000"), (V{"pii.mobile:138-0013-8000", "pii.mobile:138 0013 8000"}));
  EXPECT_EQ(found("+86 13800138000"), V{"pii.mobile:+86 13800138000"});
  EXPECT_EQ(found("12800138000"), V{}) << "no mobile number starts 12";
  EXPECT_EQ(found("138001380001"), V{}) << "12 digits";
  EXPECT_EQ(found("电话010-62345678，或0755-2345678"), (V{"pii.landline:010-62345678", "pii.landline:0755-2345678"}));
  EXPECT_EQ(found("订单号 0100000123"), V{}) << "a subscriber number does not start with 0 or 1";
}

TEST(PersonalData, EmailAddresses) {
  EXPECT_EQ(found("发到 zhang.san+med@example.com.cn。"), V{"pii.email:zhang.san+med@example.com.cn"});
  EXPECT_EQ(found("a@b"), V{});
  EXPECT_EQ(found("@example.com"), V{});
  EXPECT_EQ(found("x@example.c1"), V{});
}

TEST(PersonalData, BankCardsByLuhn) {
  EXPECT_TRUE(luhn_valid("6222021234567890128"));
  EXPECT_FALSE(luhn_valid("6222021234567890123"));
  EXPECT_EQ(found("卡号6222021234567890128"), V{"pii.bank_card:6222021234567890128"});
  EXPECT_EQ(found("卡号 6222 0212 3456 7890 128"), V{"pii.bank_card:6222 0212 3456 7890 128"});
  EXPECT_EQ(found("卡号6222021234567890123"), V{}) << "fails the Luhn check";
}

TEST(PersonalData, LicencePlates) {
  EXPECT_EQ(found("车牌京A·12345，沪B12345，粤BD12345"),
            (V{"pii.licence_plate:京A·12345", "pii.licence_plate:沪B12345", "pii.licence_plate:粤BD12345"}));
  EXPECT_EQ(found("京I12345"), V{}) << "plates have no I or O";
  EXPECT_EQ(found("京A123"), V{}) << "too short";
  EXPECT_EQ(found("北京A12345"), V{"pii.licence_plate:京A12345"});
}

TEST(PersonalData, NamesFromTheUsersList) {
  EXPECT_EQ(found("患者张三丰与张三", {"张三", "张三丰"}), (V{"pii.name:张三丰", "pii.name:张三"}))
      << "the longest name wins where they overlap";
  EXPECT_EQ(found("患者张三"), V{}) << "no list, no names";
}

TEST(PersonalData, MaskingIsConsistentAcrossAFile) {
  PersonalDataMasker masker;
  const auto mask = [&](std::string_view text) { return masker.mask(text, find_personal_data(text, {"张三", "李四"})); };
  EXPECT_EQ(mask("张三，身份证11010519491231002X，手机13800138000"), "[姓名1]，身份证[身份证号1]，手机[手机号1]");
  EXPECT_EQ(mask("李四的电话是 138-0013-8000"), "[姓名2]的电话是 [手机号1]") << "the same number however it is written";
  EXPECT_EQ(mask("复诊：张三，11010519491231002x"), "复诊：[姓名1]，[身份证号1]");
  EXPECT_EQ(mask("张三换号 13900139000"), "[姓名1]换号 [手机号2]");
  EXPECT_EQ(masker.distinct(PersonalDataKind::mobile), 2u);
  EXPECT_EQ(masker.distinct(PersonalDataKind::email), 0u);
}
