// Predict how an image was rotated (Gidaris et al. 2018). Rotations are
// exact quarter turns of the pixel grid: no interpolation, no padding.
// With permute_channels the colour channels are also put in a random order
// and the model names both (4 x 6 classes): rotation alone lets a network
// drop colour, which telling the true order from a shuffled one needs.

#include <torch/torch.h>

#include "pretext/task.h"

namespace {

class Rotation : public pretext::Task {
 public:
  Rotation(const pretext::Options& options, const pretext::Context&)
      : every_angle_(options.string("mode") == "all"),
        permute_channels_(options.boolean("permute_channels")) {
    for (const auto& text : options.strings("angles")) {
      int angle = std::stoi(text);
      quarter_turns_.push_back(angle / 90);
    }
  }

  bool needs_labels() const override { return false; }
  bool is_deterministic() const override {
    return every_angle_ && !permute_channels_;
  }

  std::vector<std::string> output_names(
      const pretext::Dataset&) const override {
    std::vector<std::string> names;
    for (int64_t turns : quarter_turns_) {
      if (!permute_channels_) {
        names.push_back(std::to_string(turns * 90));
        continue;
      }
      for (const auto& order : kChannelOrders)
        names.push_back(std::to_string(turns * 90) + " " + order.name);
    }
    return names;
  }

  // With shuffled channels the target is rotation * 6 + order; these say
  // how often each part alone was right, and how often the rotation was on
  // the images left in true colour (order rgb), the setting of rotation
  // alone.
  pretext::Metrics confusion_metrics(
      const torch::Tensor& confusion) const override {
    if (!permute_channels_) return {};
    auto turns = static_cast<int64_t>(quarter_turns_.size());
    auto cells = confusion.to(torch::kFloat64).view({turns, 6, turns, 6});
    double total = cells.sum().item<double>();
    if (total == 0) return {};
    double turn_right =
        cells.sum(at::IntArrayRef{1, 3}).diagonal().sum().item<double>();
    double order_right =
        cells.sum(at::IntArrayRef{0, 2}).diagonal().sum().item<double>();
    auto true_colour = cells.select(1, 0).sum(2);  // turn x predicted turn
    double true_colour_total = true_colour.sum().item<double>();
    pretext::Metrics metrics = {
        {"rotation_accuracy", turn_right / total},
        {"channel_order_accuracy", order_right / total}};
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
      if (permute_channels_) return permute(inputs, targets, rng);
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
    if (permute_channels_) return permute(inputs, targets, rng);
    return {inputs, targets};
  }

 private:
  struct ChannelOrder {
    const char* name;
    int64_t channels[3];
  };
  static constexpr ChannelOrder kChannelOrders[6] = {
      {"rgb", {0, 1, 2}}, {"rbg", {0, 2, 1}}, {"grb", {1, 0, 2}},
      {"gbr", {1, 2, 0}}, {"brg", {2, 0, 1}}, {"bgr", {2, 1, 0}}};

  // Reorders each image's colour channels at random; the target becomes
  // rotation * 6 + order. One gather over the images seen channels-last.
  pretext::Batch permute(const torch::Tensor& inputs,
                         const torch::Tensor& targets,
                         std::mt19937_64& rng) const {
    int64_t n = inputs.size(0);
    std::uniform_int_distribution<int64_t> draw(0, 5);
    std::vector<int64_t> picks(n), sources;
    for (auto& pick : picks) {
      pick = draw(rng);
      const int64_t* channels = kChannelOrders[pick].channels;
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
            targets * 6 + orders};
  }

  bool every_angle_;
  bool permute_channels_;
  std::vector<int64_t> quarter_turns_;
};

void check_angles(const YAML::Node& node) {
  if (!node.IsSequence() || node.size() < 2)
    throw std::invalid_argument(
        "expected a list of at least two angles from 0, 90, 180, 270");
  std::set<std::string> seen;
  for (const auto& angle : node) {
    std::string text = angle.IsScalar() ? angle.Scalar() : "";
    if (text != "0" && text != "90" && text != "180" && text != "270")
      throw std::invalid_argument("angle \"" + text +
                                  "\" is not one of: 0, 90, 180, 270");
    if (!seen.insert(text).second)
      throw std::invalid_argument("angle " + text + " is listed twice");
  }
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
      pretext::option::boolean(
          "permute_channels", false,
          "also shuffle colour channels and predict their order"),
  };
  info.create = pretext::factory_of<Rotation>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
