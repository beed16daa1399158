#include "arg_parser.h"

#include <iostream>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace tunedesk::cli {

ArgParser::ArgParser(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {}

ArgParser& ArgParser::option(std::string name, std::string metavar, std::string help, std::string short_name) {
  options_.push_back({std::move(name), std::move(short_name), std::move(metavar), std::move(help), true});
  return *this;
}

ArgParser& ArgParser::flag(std::string name, std::string help) {
  options_.push_back({std::move(name), "", "", std::move(help), false});
  return *this;
}

ArgParser& ArgParser::positional(std::string name, std::string help, bool optional) {
  if (!optional) required_positionals_ = positionals_.size() + 1;
  positionals_.emplace_back(std::move(name), std::move(help));
  return *this;
}

ArgParser& ArgParser::epilog(std::string text) {
  epilog_ = std::move(text);
  return *this;
}

const ArgParser::Spec* ArgParser::find(const std::string& token) const {
  for (const Spec& s : options_)
    if (s.name == token || (!s.short_name.empty() && s.short_name == token)) return &s;
  return nullptr;
}

bool ArgParser::parse(const std::vector<std::string>& args) {
  std::size_t next_positional = 0;
  bool only_positionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!only_positionals && (arg == "--help" || arg == "-h")) return false;
    if (!only_positionals && arg == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && arg.size() > 1 && arg[0] == '-') {
      std::string name = arg;
      std::optional<std::string> inline_value;
      if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
      const Spec* spec = find(name);
      if (!spec) throw UsageError("unknown option '" + name + "'");
      if (!spec->takes_value) {
        if (inline_value) throw UsageError("option '" + name + "' takes no value");
        values_[spec->name] = "";
      } else if (inline_value) {
        values_[spec->name] = *inline_value;
      } else {
        if (i + 1 >= args.size()) throw UsageError("option '" + name + "' needs a value (" + spec->metavar + ")");
        values_[spec->name] = args[++i];
      }
      continue;
    }
    if (next_positional >= positionals_.size()) throw UsageError("unexpected argument '" + arg + "'");
    positional_values_[positionals_[next_positional++].first] = arg;
  }
  if (next_positional < required_positionals_)
    throw UsageError("missing argument " + positionals_[next_positional].first);
  return true;
}

std::string ArgParser::help() const {
  std::ostringstream out;
  out << "Usage: " << command_;
  for (std::size_t i = 0; i < positionals_.size(); ++i)
    out << ' ' << (i < required_positionals_ ? positionals_[i].first : "[" + positionals_[i].first + "]");
  if (!options_.empty()) out << " [options]";
  out << "\n\n" << summary_ << "\n";
  if (!positionals_.empty()) {
    out << "\nArguments:\n";
    for (const auto& [name, help] : positionals_) out << "  " << name << std::string(std::max<std::size_t>(2, 26 - name.size()), ' ') << help << "\n";
  }
  out << "\nOptions:\n";
  const auto line = [&out](const std::string& left, const std::string& help) {
    out << "  " << left;
    if (left.size() < 26) out << std::string(26 - left.size(), ' ');
    else out << "\n  " << std::string(26, ' ');
    out << help << "\n";
  };
  for (const Spec& s : options_) {
    std::string left = s.short_name.empty() ? s.name : s.short_name + ", " + s.name;
    if (s.takes_value) left += " " + s.metavar;
    line(left, s.help);
  }
  line("-h, --help", "show this help and exit");
  if (!epilog_.empty()) out << "\n" << epilog_ << "\n";
  return out.str();
}

bool ArgParser::has(const std::string& name) const { return values_.contains(name); }

std::optional<std::string> ArgParser::value(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  return std::nullopt;
}

std::string ArgParser::value_or(const std::string& name, std::string fallback) const {
  auto v = value(name);
  return v ? *v : std::move(fallback);
}

std::string ArgParser::positional_value(const std::string& name) const {
  auto it = positional_values_.find(name);
  return it == positional_values_.end() ? std::string() : it->second;
}

std::optional<double> ArgParser::number(const std::string& name) const {
  const auto text = value(name);
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const double v = std::stod(*text, &used);
    if (used != text->size() || !std::isfinite(v)) throw std::invalid_argument("trailing text");
    return v;
  } catch (const std::exception&) {
    throw UsageError("option '" + name + "' expects a number, got '" + *text + "'");
  }
}

std::optional<std::size_t> ArgParser::count(const std::string& name) const {
  const auto text = value(name);
  if (!text) return std::nullopt;
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size())
    throw UsageError("option '" + name + "' expects a whole number >= 0, got '" + *text + "'");
  return v;
}

int run_reporting_errors(const std::string& program, const std::function<int()>& command) {
  try {
    return command();
  } catch (const UsageError& e) {
    std::cerr << program << ": " << e.what() << "\nRun '" << program << " --help' for usage.\n";
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
  }
  return 2;  // kExitUsage: bad usage or input that cannot be read
}

int run_handed_command(int argc, char** argv, const std::map<std::string, Command>& commands) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const auto command = args.empty() ? commands.end() : commands.find(args[0]);
  if (command == commands.end()) {
    std::string names;
    for (const auto& [name, run] : commands) names += (names.empty() ? "" : "|") + name;
    std::cerr << "usage: " << argv[0] << " " << names << " ... (normally run through tunedesk-cli)\n";
    return 2;  // kExitUsage
  }
  return run_reporting_errors("tunedesk-cli " + args[0],
                              [&] { return command->second(std::vector<std::string>(args.begin() + 1, args.end())); });
}

}  // namespace tunedesk::cli
