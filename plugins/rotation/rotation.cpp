// Predict how an image was rotated (Gidaris et al. 2018). Rotations are
// exact quarter turns of the pixel grid: no interpolation, no padding.

#include <torch/torch.h>

#include "pretext/task.h"

namespace {

class Rotation : public pretext::Task {
 public:
  Rotation(const pretext::Options& options, const pretext::Context&)
      : every_angle_(options.string("mode") == "all") {
    for (const auto& text : options.strings("angles")) {
      int angle = std::stoi(text);
      quarter_turns_.push_back(angle / 90);
    }
  }

  bool needs_labels() const override { return false; }
  bool is_deterministic() const override { return every_angle_; }

  std::vector<std::string> output_names(
      const pretext::Dataset&) const override {
    std::vector<std::string> names;
    for (int64_t turns : quarter_turns_)
      names.push_back(std::to_string(turns * 90));
    return names;
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
      return {torch::cat(turned), targets};
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
    return {inputs, targets};
  }

 private:
  bool every_angle_;
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
  };
  info.create = pretext::factory_of<Rotation>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
