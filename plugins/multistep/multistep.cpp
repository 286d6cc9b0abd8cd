// Multiplies the rate by gamma at each listed epoch (counted from 0).

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "pretext/scheduler.h"

namespace {

class Multistep : public pretext::Scheduler {
 public:
  Multistep(const pretext::Options& options, const pretext::Context&)
      : gamma_(options.number("gamma")) {
    for (const auto& milestone : options.node("milestones"))
      milestones_.push_back(milestone.as<int64_t>());
  }

  double factor(const pretext::Clock& clock) override {
    // Milestones are sorted, so those passed are a prefix of the list.
    auto passed =
        std::upper_bound(milestones_.begin(), milestones_.end(), clock.epoch) -
        milestones_.begin();
    return std::pow(gamma_, static_cast<double>(passed));
  }

 private:
  double gamma_;
  std::vector<int64_t> milestones_;
};

std::string quoted(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (!node.IsScalar()) return "nothing";
  return "\"" + node.Scalar() + "\"";
}

// The epoch a milestone names, or 0 when it is not a positive integer.
int64_t epoch_of(const YAML::Node& node) {
  if (!node.IsScalar()) return 0;
  const std::string& text = node.Scalar();
  // Nine digits keep std::stoll far from overflow; no run is that long.
  bool digits = !text.empty() && text.size() <= 9 &&
                std::all_of(text.begin(), text.end(),
                            [](unsigned char c) { return std::isdigit(c); });
  return digits ? std::stoll(text) : 0;
}

void check_milestones(const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0)
    throw std::invalid_argument(
        "expected a non-empty list of epochs in increasing order, such as "
        "[30, 60], got " +
        quoted(node));
  int64_t previous = 0;
  for (const auto& milestone : node) {
    int64_t epoch = epoch_of(milestone);
    if (epoch <= 0)
      throw std::invalid_argument("milestone " + quoted(milestone) +
                                  " is not a positive integer");
    if (epoch <= previous)
      throw std::invalid_argument("milestones must increase, but " +
                                  quoted(milestone) + " follows " +
                                  std::to_string(previous));
    previous = epoch;
  }
}

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "multistep";
  info.kind = pretext::PluginKind::scheduler;
  info.version = "1.0.0";
  info.summary = "multiply the rate by gamma at each listed epoch";
  info.options = {
      pretext::option::any("milestones", YAML::Node(),
                           "epochs (from 0, increasing) at which the rate is "
                           "multiplied by gamma")
          .must_be_given()
          .checked_by(check_milestones),
      pretext::option::number("gamma", 0.1,
                              "what each milestone multiplies the rate by")
          .above(0)
          .at_most(1),
  };
  info.create = pretext::factory_of<Multistep>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
