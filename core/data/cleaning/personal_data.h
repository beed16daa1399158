// Personal data common in Chinese medical and legal text, found and masked:
// mainland resident ID numbers (birth date and check digit verified), mobile
// and landline numbers, e-mail addresses, bank card numbers (Luhn), licence
// plates, and names from a list the user gives. Masking replaces each
// distinct value with the same numbered placeholder everywhere ("[身份证号1]"),
// so that a question and its answer still refer to the same person.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tunedesk::data::cleaning {

enum class PersonalDataKind { id_number, mobile, landline, email, bank_card, licence_plate, name };

inline constexpr PersonalDataKind kPersonalDataKinds[] = {
    PersonalDataKind::id_number, PersonalDataKind::mobile,        PersonalDataKind::landline, PersonalDataKind::email,
    PersonalDataKind::bank_card, PersonalDataKind::licence_plate, PersonalDataKind::name};

// "pii.id_number", ...: the finding's rule.
const char* personal_data_rule(PersonalDataKind kind);
// "身份证号", ...: the placeholder's label.
const char* personal_data_label(PersonalDataKind kind);

struct PersonalDataMatch {
  PersonalDataKind kind;
  std::size_t begin = 0, end = 0;  // bytes of the text
};

// The matches in `text`, in order, not overlapping (an ID number is not also
// read as a bank card). `names`: whole strings to find (longest first wins).
std::vector<PersonalDataMatch> find_personal_data(std::string_view text, const std::vector<std::string>& names = {});

// GB 11643's check: 17 digits and a check character (0-9 or X), with a real birth date.
bool valid_id_number(std::string_view id);
// The Luhn checksum of a string of digits.
bool luhn_valid(std::string_view digits);

// Replaces matches with "[LABEL N]", N counting distinct values of each kind
// in the order they are first masked; the same value always gets the same N.
class PersonalDataMasker {
 public:
  std::string mask(std::string_view text, const std::vector<PersonalDataMatch>& matches);
  // How many distinct values of each kind were masked.
  std::size_t distinct(PersonalDataKind kind) const;

 private:
  std::map<std::pair<PersonalDataKind, std::string>, std::size_t> numbers_;
  std::map<PersonalDataKind, std::size_t> counts_;
};

}  // namespace tunedesk::data::cleaning
