#include "pretext/options.h"

#include <cmath>
#include <sstream>

namespace pretext {
namespace {

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// How a value reads in an error: scalars quoted, others by shape.
std::string describe_value(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "\"" + node.Scalar() + "\"";
}

template <typename T>
bool convert(const YAML::Node& node, T& out) {
  if (!node.IsScalar()) return false;
  return YAML::convert<T>::decode(node, out);
}

// yaml-cpp would write 0.1 as 0.10000000000000001; 15 digits read back
// the same for every value a recipe holds, and read well.
YAML::Node number_node(double value) {
  std::ostringstream text;
  text.precision(15);
  text << value;
  return YAML::Node(text.str());
}

bool is_integer_text(const std::string& text) {
  if (text.empty()) return false;
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

// Checks one value against its declaration; returns the canonical value or
// the reason it is wrong.
YAML::Node canonical(const OptionSpec& spec, const YAML::Node& node,
                     std::string& problem) {
  auto wrong = [&] {
    problem =
        "expected " + spec.expectation() + ", got " + describe_value(node);
    return YAML::Node();
  };
  auto check_range = [&](double value) {
    bool low = spec.min &&
               (spec.min_exclusive ? value <= *spec.min : value < *spec.min);
    bool high = spec.max && value > *spec.max;
    return !(low || high || std::isnan(value));
  };
  switch (spec.type) {
    case OptionType::integer: {
      int64_t value = 0;
      if (!node.IsScalar() || !is_integer_text(node.Scalar()) ||
          !convert(node, value) || !check_range(static_cast<double>(value)))
        return wrong();
      return YAML::Node(value);
    }
    case OptionType::number: {
      double value = 0;
      if (!convert(node, value) || !check_range(value)) return wrong();
      return number_node(value);
    }
    case OptionType::boolean: {
      bool value = false;
      if (!convert(node, value)) return wrong();
      return YAML::Node(value);
    }
    case OptionType::string: {
      if (!node.IsScalar()) return wrong();
      const std::string& value = node.Scalar();
      if (!spec.choices.empty() &&
          std::find(spec.choices.begin(), spec.choices.end(), value) ==
              spec.choices.end())
        return wrong();
      return YAML::Node(value);
    }
    case OptionType::string_list: {
      YAML::Node list(YAML::NodeType::Sequence);
      if (node.IsScalar()) {
        list.push_back(node.Scalar());
        return list;
      }
      if (!node.IsSequence()) return wrong();
      for (const auto& item : node) {
        if (!item.IsScalar()) return wrong();
        list.push_back(item.Scalar());
      }
      return list;
    }
    case OptionType::any:
      if (spec.check) {
        try {
          spec.check(node);
        } catch (const std::invalid_argument& e) {
          problem = e.what();
          return YAML::Node();
        }
      }
      return YAML::Clone(node);
  }
  return wrong();
}

}  // namespace

const char* to_string(OptionType type) {
  switch (type) {
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::boolean:
      return "boolean";
    case OptionType::string:
      return "string";
    case OptionType::string_list:
      return "list of strings";
    case OptionType::any:
      return "value";
  }
  return "value";
}

OptionSpec& OptionSpec::at_least(double bound) {
  min = bound;
  min_exclusive = false;
  return *this;
}

OptionSpec& OptionSpec::above(double bound) {
  min = bound;
  min_exclusive = true;
  return *this;
}

OptionSpec& OptionSpec::at_most(double bound) {
  max = bound;
  return *this;
}

OptionSpec& OptionSpec::one_of(std::vector<std::string> allowed) {
  choices = std::move(allowed);
  return *this;
}

OptionSpec& OptionSpec::must_be_given() {
  required = true;
  return *this;
}

OptionSpec& OptionSpec::checked_by(std::function<void(const YAML::Node&)> fn) {
  check = std::move(fn);
  return *this;
}

std::string OptionSpec::expectation() const {
  if (!choices.empty()) {
    std::string text = "one of: ";
    for (size_t i = 0; i < choices.size(); ++i)
      text += (i ? ", " : "") + choices[i];
    return text;
  }
  std::string noun = to_string(type);
  std::string article = (type == OptionType::integer) ? "an " : "a ";
  bool is_numeric = type == OptionType::integer || type == OptionType::number;
  if (!is_numeric) return article + noun;
  if (min && *min == 0 && min_exclusive && !max) return "a positive " + noun;
  if (min && *min == 0 && !min_exclusive && !max)
    return "a non-negative " + noun;
  if (min && *min == 1 && !min_exclusive && !max && type == OptionType::integer)
    return "a positive integer";
  std::string text = article + noun;
  if (min && max)
    return text + " in " + (min_exclusive ? "(" : "[") + format_number(*min) +
           ", " + format_number(*max) + "]";
  if (min)
    return text + (min_exclusive ? " above " : " of at least ") +
           format_number(*min);
  if (max) return text + " of at most " + format_number(*max);
  return text;
}

namespace option {

OptionSpec integer(std::string name, int64_t fallback, std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::integer;
  spec.default_value = YAML::Node(fallback);
  spec.description = std::move(what);
  return spec;
}

OptionSpec number(std::string name, double fallback, std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::number;
  spec.default_value = number_node(fallback);
  spec.description = std::move(what);
  return spec;
}

OptionSpec boolean(std::string name, bool fallback, std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::boolean;
  spec.default_value = YAML::Node(fallback);
  spec.description = std::move(what);
  return spec;
}

OptionSpec string(std::string name, std::string fallback, std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::string;
  spec.default_value = YAML::Node(fallback);
  spec.description = std::move(what);
  return spec;
}

OptionSpec choice(std::string name, std::string fallback,
                  std::vector<std::string> choices, std::string what) {
  OptionSpec spec =
      string(std::move(name), std::move(fallback), std::move(what));
  spec.choices = std::move(choices);
  return spec;
}

OptionSpec string_list(std::string name, std::vector<std::string> fallback,
                       std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::string_list;
  YAML::Node list(YAML::NodeType::Sequence);
  for (auto& item : fallback) list.push_back(item);
  spec.default_value = list;
  spec.description = std::move(what);
  return spec;
}

OptionSpec any(std::string name, YAML::Node fallback, std::string what) {
  OptionSpec spec;
  spec.name = std::move(name);
  spec.type = OptionType::any;
  spec.default_value = std::move(fallback);
  spec.description = std::move(what);
  return spec;
}

}  // namespace option

Options Options::validate(const std::vector<OptionSpec>& specs,
                          const YAML::Node& given, const std::string& key_path,
                          const Locator& locate) {
  Options options;
  options.key_path_ = key_path;
  options.where_ = locate(given, key_path);

  for (const auto& spec : specs) {
    YAML::Node value = given && given.IsMap() ? given[spec.name] : YAML::Node();
    std::string path = key_path + "." + spec.name;
    Value entry;
    if (!value || value.IsNull()) {
      if (spec.required)
        throw RecipeError(options.where_, key_path,
                          "missing required option \"" + spec.name + "\" (" +
                              spec.description + ")");
      entry.node = YAML::Clone(spec.default_value);
      entry.where = options.where_;
    } else {
      std::string problem;
      entry.node = canonical(spec, value, problem);
      entry.where = locate(value, path);
      if (!problem.empty()) throw RecipeError(entry.where, path, problem);
    }
    options.order_.push_back(spec.name);
    options.values_[spec.name] = entry;
  }
  return options;
}

const Options::Value& Options::at(const std::string& name) const {
  auto found = values_.find(name);
  if (found == values_.end())
    throw Error("internal error: option \"" + name +
                "\" was not declared by the plugin at " + key_path_);
  return found->second;
}

bool Options::has(const std::string& name) const {
  auto found = values_.find(name);
  return found != values_.end() && found->second.node &&
         !found->second.node.IsNull();
}

int64_t Options::integer(const std::string& name) const {
  return at(name).node.as<int64_t>();
}

double Options::number(const std::string& name) const {
  return at(name).node.as<double>();
}

bool Options::boolean(const std::string& name) const {
  return at(name).node.as<bool>();
}

std::string Options::string(const std::string& name) const {
  return at(name).node.as<std::string>();
}

std::vector<std::string> Options::strings(const std::string& name) const {
  return at(name).node.as<std::vector<std::string>>();
}

YAML::Node Options::node(const std::string& name) const {
  return at(name).node;
}

void Options::fail(const std::string& name, const std::string& what) const {
  throw RecipeError(at(name).where, key_path_ + "." + name, what);
}

YAML::Node Options::to_yaml() const {
  YAML::Node map(YAML::NodeType::Map);
  for (const auto& name : order_)
    map[name] = YAML::Clone(values_.at(name).node);
  return map;
}

}  // namespace pretext
