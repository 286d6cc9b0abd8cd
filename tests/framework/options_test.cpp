#include "pretext/options.h"

#include <gtest/gtest.h>

namespace pretext {
namespace {

std::vector<OptionSpec> specs() {
  return {
      option::integer("hidden", 256, "width").at_least(1),
      option::number("dropout", 0.0, "dropout").at_least(0).at_most(0.99),
      option::boolean("bias", true, "use a bias"),
      option::choice("mode", "all", {"all", "random"}, "how"),
      option::string_list("names", {}, "names"),
      option::string("root", "", "where").must_be_given(),
  };
}

Options::Locator locator() {
  return [](const YAML::Node& node, const std::string&) {
    if (!node || node.Mark().is_null()) return SourceLocation{"r.yaml", 0, 0};
    return SourceLocation{"r.yaml", node.Mark().line + 1,
                          node.Mark().column + 1};
  };
}

std::string error_of(const std::string& yaml) {
  try {
    Options::validate(specs(), YAML::Load(yaml), "head", locator());
  } catch (const RecipeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Options, FillsDefaultsAndConvertsGivenValues) {
  auto options = Options::validate(
      specs(), YAML::Load("{root: data, hidden: 64, names: one}"), "head",
      locator());
  EXPECT_EQ(options.integer("hidden"), 64);
  EXPECT_DOUBLE_EQ(options.number("dropout"), 0.0);
  EXPECT_TRUE(options.boolean("bias"));
  EXPECT_EQ(options.string("mode"), "all");
  EXPECT_EQ(options.strings("names"), std::vector<std::string>{"one"});
  EXPECT_EQ(options.string("root"), "data");
}

TEST(Options, RejectsTextWhereAPositiveIntegerIsExpected) {
  EXPECT_EQ(error_of("{root: x,\n hidden: abc}"),
            "r.yaml:2:10: head.hidden: expected a positive integer, got "
            "\"abc\"");
}

TEST(Options, RejectsAFractionForAnInteger) {
  EXPECT_EQ(error_of("{root: x, hidden: 1.5}"),
            "r.yaml:1:19: head.hidden: expected a positive integer, got "
            "\"1.5\"");
}

TEST(Options, RejectsValuesOutOfRange) {
  EXPECT_EQ(error_of("{root: x, dropout: 1.5}"),
            "r.yaml:1:20: head.dropout: expected a number in [0, 0.99], got "
            "\"1.5\"");
}

TEST(Options, RejectsAChoiceNotOffered) {
  EXPECT_EQ(error_of("{root: x, mode: sideways}"),
            "r.yaml:1:17: head.mode: expected one of: all, random, got "
            "\"sideways\"");
}

TEST(Options, RejectsAMappingForABoolean) {
  EXPECT_EQ(error_of("{root: x, bias: {a: 1}}"),
            "r.yaml:1:17: head.bias: expected a boolean, got a mapping");
}

TEST(Options, NamesAMissingRequiredOption) {
  EXPECT_EQ(error_of("{hidden: 3}"),
            "r.yaml:1:1: head: missing required option \"root\" (where)");
}

TEST(Options, ExpectationsReadAsPlainEnglish) {
  EXPECT_EQ(option::number("lr", 1, "").above(0).expectation(),
            "a positive number");
  EXPECT_EQ(option::integer("n", 1, "").at_least(0).expectation(),
            "a non-negative integer");
  EXPECT_EQ(option::integer("n", 1, "").at_least(1).at_most(2).expectation(),
            "an integer in [1, 2]");
}

}  // namespace
}  // namespace pretext
