// Errors from loading or using a tokenizer; the message names the file and
// the JSON key or value at fault.
#pragma once

#include <stdexcept>

namespace tunedesk::tok {

class TokenizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tunedesk::tok
