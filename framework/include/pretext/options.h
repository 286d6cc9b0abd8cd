// Plugin options: declared once (name, type, default, description), then
// checked against a recipe and handed to the plugin's factory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "pretext/error.h"

namespace pretext {

enum class OptionType { integer, number, boolean, string, string_list, any };

/// "integer", "number", ... as written in help texts and errors.
const char* to_string(OptionType type);

/// One declared option of a plugin.
struct OptionSpec {
  std::string name;
  OptionType type = OptionType::any;
  YAML::Node default_value;  ///< null when the option has no default
  std::string description;
  bool required = false;
  std::optional<double> min;  ///< inclusive lower bound for numbers
  std::optional<double> max;  ///< inclusive upper bound for numbers
  bool min_exclusive = false;
  std::vector<std::string> choices;  ///< allowed strings, when not empty
  /// Extra check for `any` options; throws std::invalid_argument.
  std::function<void(const YAML::Node&)> check;

  OptionSpec& at_least(double bound);
  OptionSpec& above(double bound);
  OptionSpec& at_most(double bound);
  OptionSpec& one_of(std::vector<std::string> allowed);
  OptionSpec& must_be_given();
  OptionSpec& checked_by(std::function<void(const YAML::Node&)> fn);

  /// "positive integer", "number in [0, 1]", "one of: all, random", ...
  std::string expectation() const;
};

/// Builders for option declarations.
namespace option {
OptionSpec integer(std::string name, int64_t fallback, std::string what);
OptionSpec number(std::string name, double fallback, std::string what);
OptionSpec boolean(std::string name, bool fallback, std::string what);
OptionSpec string(std::string name, std::string fallback, std::string what);
OptionSpec choice(std::string name, std::string fallback,
                  std::vector<std::string> choices, std::string what);
OptionSpec string_list(std::string name, std::vector<std::string> fallback,
                       std::string what);
/// Free-form YAML; `check` validates it.
OptionSpec any(std::string name, YAML::Node fallback, std::string what);
}  // namespace option

/// Validated option values of one plugin instance, defaults filled in.
class Options {
 public:
  Options() = default;

  int64_t integer(const std::string& name) const;
  double number(const std::string& name) const;
  bool boolean(const std::string& name) const;
  std::string string(const std::string& name) const;
  std::vector<std::string> strings(const std::string& name) const;
  YAML::Node node(const std::string& name) const;
  bool has(const std::string& name) const;

  /// Throws a RecipeError pointing at option `name` in the recipe.
  [[noreturn]] void fail(const std::string& name,
                         const std::string& what) const;

  /// Options as a YAML mapping, in declaration order.
  YAML::Node to_yaml() const;

  /// Tells where a node at a key path came from.
  using Locator =
      std::function<SourceLocation(const YAML::Node&, const std::string&)>;

  /// Builds validated options. `given` is a mapping of option values (or
  /// null) found at `key_path`; `locate` places them for error messages.
  static Options validate(const std::vector<OptionSpec>& specs,
                          const YAML::Node& given, const std::string& key_path,
                          const Locator& locate);

 private:
  struct Value {
    YAML::Node node;
    SourceLocation where;
  };
  const Value& at(const std::string& name) const;

  std::vector<std::string> order_;
  std::map<std::string, Value> values_;
  std::string key_path_;
  SourceLocation where_;
};

}  // namespace pretext
