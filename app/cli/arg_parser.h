// A small command-line parser: named options with values, flags, positional
// arguments and generated --help text. Bad usage throws UsageError, which
// main() turns into a message and exit code 2.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tunedesk::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArgParser {
 public:
  // `command` is e.g. "tunedesk-cli data check"; `summary` one line on what it does.
  ArgParser(std::string command, std::string summary);

  // An option that takes a value: --name VALUE or --name=VALUE. `short_name` may be empty.
  ArgParser& option(std::string name, std::string metavar, std::string help, std::string short_name = "");
  ArgParser& flag(std::string name, std::string help);
  ArgParser& positional(std::string name, std::string help, bool optional = false);
  ArgParser& epilog(std::string text);

  // Parses args (without the program and command names). Returns false when
  // --help was given (the caller prints help() and exits 0).
  bool parse(const std::vector<std::string>& args);

  std::string help() const;

  bool has(const std::string& name) const;                       // a flag or option was given
  std::optional<std::string> value(const std::string& name) const;
  std::string value_or(const std::string& name, std::string fallback) const;
  std::string positional_value(const std::string& name) const;

  // Typed values; a malformed number is a UsageError naming the option.
  std::optional<double> number(const std::string& name) const;
  std::optional<std::size_t> count(const std::string& name) const;

 private:
  struct Spec {
    std::string name, short_name, metavar, help;
    bool takes_value = false;
  };
  const Spec* find(const std::string& token) const;

  std::string command_, summary_, epilog_;
  std::vector<Spec> options_;
  std::vector<std::pair<std::string, std::string>> positionals_;  // name, help
  std::size_t required_positionals_ = 0;                           // the optional ones come last
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> positional_values_;
};

// Runs one command of `program` ("tunedesk-cli train"), turning what it
// throws into a message on standard error and an exit code: UsageError
// adds a pointer to --help; every error is exit code 2.
int run_reporting_errors(const std::string& program, const std::function<int()>& command);

// The main of a program tunedesk-cli hands commands to (tunedesk-cli-engine,
// tunedesk-cli-services): the first argument names the command, which runs
// with the rest through run_reporting_errors.
using Command = std::function<int(const std::vector<std::string>& args)>;
int run_handed_command(int argc, char** argv, const std::map<std::string, Command>& commands);

}  // namespace tunedesk::cli
