// Predict how an image was rotated (Gidaris et al. 2018). Rotations are
// exact quarter turns of the pixel grid: no interpolation, no padding.
// With more than one channel order listed, each image's colour channels are
// also put in one of those orders at random and the model names both (turn
// x order classes): rotation alone lets a network drop colour, which
// telling the true order from a shuffled one needs.

#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "pretext/task.h"

namespace {

struct ChannelOrder {
  const char* name;
  int64_t channels[3];  // the source channel of each output channel
};
constexpr ChannelOrder kChannelOrders[6] = {
    {"rgb", {0, 1, 2}}, {"rbg", {0, 2, 1}}, {"grb", {1, 0, 2}},
    {"gbr", {1, 2, 0}}, {"brg", {2, 0, 1}}, {"bgr", {2, 1, 0}}};

std::vector<int64_t> channel_orders(const YAML::Node& node);

class Rotation : public pretext::Task {
 public:
  Rotation(const pretext::Options& options, const pretext::Context&)
      : every_angle_(options.string("mode") == "all"),
        orders_(channel_orders(options.node("channel_orders"))) {
    for (const auto& text : options.strings("angles")) {
      int angle = std::stoi(text);
      quarter_turns_.push_back(angle / 90);
    }
  }

  bool needs_labels() const override { return false; }
  bool is_deterministic() const override { return every_angle_ && !shuffles(); }

  std::vector<std::string> output_names(
      const pretext::Dataset&) const override {
    std::vector<std::string> names;
    for (int64_t turns : quarter_turns_) {
      if (!shuffles()) {
        names.push_back(std::to_string(turns * 90));
        continue;
      }
      for (int64_t order : orders_)
        names.push_back(std::to_string(turns * 90) + " " +
                        kChannelOrders[order].name);
    }
    return names;
  }

  // How often the rotation was right, under the same name whether or not
  // channels are shuffled. With shuffled channels the target is
  // turn * orders + order; then also how often the order was right, and
  // how often the rotation was on the images left in true colour (order
  // rgb, when listed), the setting of rotation alone.
  pretext::Metrics confusion_metrics(
      const torch::Tensor& confusion) const override {
    auto turns = static_cast<int64_t>(quarter_turns_.size());
    auto orders = static_cast<int64_t>(orders_.size());
    auto cells =
        confusion.to(torch::kFloat64).view({turns, orders, turns, orders});
    double total = cells.sum().item<double>();
    if (total == 0) return {};
    double turn_right =
        cells.sum(at::IntArrayRef{1, 3}).diagonal().sum().item<double>();
    double order_right =
        cells.sum(at::IntArrayRef{0, 2}).diagonal().sum().item<double>();
    pretext::Metrics metrics = {{"rotation_accuracy", turn_right / total}};
    if (!shuffles()) return metrics;
    metrics["channel_order_accuracy"] = order_right / total;
    auto rgb = std::find(orders_.begin(), orders_.end(), 0);
    if (rgb == orders_.end()) return metrics;
    auto true_colour =  // turn x predicted turn
        cells.select(1, rgb - orders_.begin()).sum(2);
    double true_colour_total = true_colour.sum().item<double>();
    if (true_colour_total > 0)
      metrics["true_colour_rotation_accuracy"] =
          true_colour.diagonal().sum().item<double>() / true_colour_total;
    return metrics;
  }

  pretext::Batch prepare(pretext::Batch batch,
                         std::mt19937_64& rng) const override {
    const auto& images = batch.inputs;
    int64_t n = images.size(0);
    int64_t classes = static_cast<int64_t>(quarter_turns_.size());
    auto index_options =
        torch::TensorOptions().dtype(torch::kInt64).device(images.device());
    if (every_angle_) {
      // Every image in every orientation (RotNet's batches).
      std::vector<torch::Tensor> turned;
      for (int64_t turns : quarter_turns_)
        turned.push_back(torch::rot90(images, turns, {2, 3}));
      auto targets = torch::arange(classes, index_options).repeat_interleave(n);
      auto inputs = torch::cat(turned);
      if (shuffles()) return shuffle_channels(inputs, targets, rng);
      return {inputs, targets};
    }
    // One random orientation per image.
    std::uniform_int_distribution<int64_t> draw(0, classes - 1);
    std::vector<int64_t> picks(n);
    for (auto& pick : picks) pick = draw(rng);
    auto targets = torch::tensor(picks, torch::kInt64).to(images.device());
    auto inputs = torch::empty_like(images);
    for (int64_t c = 0; c < classes; ++c) {
      auto where = targets.eq(c).nonzero().flatten();
      if (where.numel() == 0) continue;
      inputs.index_copy_(0, where,
                         torch::rot90(images.index_select(0, where),
                                      quarter_turns_[c], {2, 3}));
    }
    if (shuffles()) return shuffle_channels(inputs, targets, rng);
    return {inputs, targets};
  }

 private:
  bool shuffles() const { return orders_.size() > 1; }

  // Puts each image's colour channels in one of the listed orders at
  // random; the target becomes turn * orders + order. One gather over the
  // images seen channels-last.
  pretext::Batch shuffle_channels(const torch::Tensor& inputs,
                                  const torch::Tensor& targets,
                                  std::mt19937_64& rng) const {
    int64_t n = inputs.size(0);
    auto count = static_cast<int64_t>(orders_.size());
    std::uniform_int_distribution<int64_t> draw(0, count - 1);
    std::vector<int64_t> picks(n), sources;
    for (auto& pick : picks) {
      pick = draw(rng);
      const int64_t* channels = kChannelOrders[orders_[pick]].channels;
      sources.insert(sources.end(), channels, channels + 3);
    }
    auto device = inputs.device();
    auto orders = torch::tensor(picks, torch::kInt64).to(device);
    auto index = torch::tensor(sources, torch::kInt64).to(device);
    auto pixels = inputs.permute({0, 2, 3, 1});  // N x H x W x 3
    auto permuted =
        pixels.gather(3, index.view({n, 1, 1, 3}).expand_as(pixels));
    return {permuted.permute({0, 3, 1, 2})
                .contiguous(inputs.suggest_memory_format()),
            targets * count + orders};
  }

  bool every_angle_;
  std::vector<int64_t> orders_;  // indices into kChannelOrders
  std::vector<int64_t> quarter_turns_;
};

// The index of an order name in kChannelOrders; -1 when there is none.
int64_t order_index(const std::string& name) {
  for (int64_t i = 0; i < 6; ++i)
    if (name == kChannelOrders[i].name) return i;
  return -1;
}

// `all`, or a list of order names; checked by check_orders.
std::vector<int64_t> channel_orders(const YAML::Node& node) {
  std::vector<int64_t> orders;
  if (node.IsScalar()) {  // all
    for (int64_t i = 0; i < 6; ++i) orders.push_back(i);
    return orders;
  }
  for (const auto& name : node) orders.push_back(order_index(name.Scalar()));
  return orders;
}

// Every entry of the list `node` is one of `valid` (for `is_valid`), and
// none is listed twice.
void check_entries(const YAML::Node& node, const std::string& noun,
                   const std::string& valid,
                   const std::function<bool(const std::string&)>& is_valid) {
  std::set<std::string> seen;
  for (const auto& entry : node) {
    std::string text = entry.IsScalar() ? entry.Scalar() : "";
    if (!is_valid(text))
      throw std::invalid_argument(noun + " \"" + text +
                                  "\" is not one of: " + valid);
    if (!seen.insert(text).second)
      throw std::invalid_argument(noun + " " + text + " is listed twice");
  }
}

void check_orders(const YAML::Node& node) {
  const std::string valid = "rgb, rbg, grb, gbr, brg, bgr";
  if (node.IsScalar() && node.Scalar() == "all") return;
  if (!node.IsSequence() || node.size() < 1)
    throw std::invalid_argument("expected all, or a list of orders from " +
                                valid);
  check_entries(node, "channel order", valid, [](const std::string& text) {
    return order_index(text) >= 0;
  });
  if (node.size() == 1 && node[0].Scalar() != "rgb")
    throw std::invalid_argument(
        "a single channel order must be rgb (images as they are); list two "
        "or more to shuffle among them");
}

void check_angles(const YAML::Node& node) {
  if (!node.IsSequence() || node.size() < 2)
    throw std::invalid_argument(
        "expected a list of at least two angles from 0, 90, 180, 270");
  check_entries(node, "angle", "0, 90, 180, 270", [](const std::string& text) {
    return text == "0" || text == "90" || text == "180" || text == "270";
  });
}

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "rotation";
  info.kind = pretext::PluginKind::task;
  info.version = "1.0.0";
  info.summary = "predict the rotation applied to unlabeled images";
  YAML::Node angles;
  for (const char* angle : {"0", "90", "180", "270"}) angles.push_back(angle);
  info.options = {
      pretext::option::choice(
          "mode", "all", {"all", "random"},
          "all: every rotation of every image; random: one per image"),
      pretext::option::any("angles", angles,
                           "the rotations to tell apart, in degrees")
          .checked_by(check_angles),
      pretext::option::any("channel_orders", YAML::Load("[rgb]"),
                           "colour channel orders to shuffle among and "
                           "tell apart too: all, or a list such as "
                           "[rgb, bgr]")
          .checked_by(check_orders),
  };
  info.create = pretext::factory_of<Rotation>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
